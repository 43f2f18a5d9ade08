/**
 * Text to workflow: {@link dev.tyboo.ai.generate.WorkflowGenerator} asks a chat model for workflow
 * JSON, validates it, and feeds the problems back until it is valid.
 */
package dev.tyboo.ai.generate;

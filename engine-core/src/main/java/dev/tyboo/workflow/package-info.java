/**
 * Workflow definitions: the immutable {@link dev.tyboo.workflow.Workflow}, the fluent DSL ({@link
 * dev.tyboo.workflow.Workflow#named(String)}) and the JSON codec ({@link
 * dev.tyboo.workflow.WorkflowJson}).
 */
package dev.tyboo.workflow;

/**
 * Node types that steer an execution rather than move data: {@link dev.tyboo.node.flow.Wait}
 * suspends it, {@link dev.tyboo.node.flow.ExecuteWorkflow} runs a sub-workflow. Every engine knows
 * them (JSON types {@code wait} and {@code executeWorkflow}).
 */
package dev.tyboo.node.flow;

/**
 * Running workflows: the {@link dev.tyboo.execution.Execution} handle, statuses, node-run snapshots
 * and {@link dev.tyboo.execution.ExecutionEvent}s for {@link
 * dev.tyboo.execution.ExecutionListener}s.
 */
package dev.tyboo.execution;

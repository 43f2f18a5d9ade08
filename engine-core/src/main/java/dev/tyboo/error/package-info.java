/**
 * The engine's exceptions: one unchecked hierarchy under {@link dev.tyboo.error.EngineException}.
 *
 * <p>Definition errors ({@link dev.tyboo.error.WorkflowValidationException}) are found before
 * anything runs and list every problem with its path. Node failures are {@link
 * dev.tyboo.error.NodeExecutionException}s, whose type says whether they are retryable.
 */
package dev.tyboo.error;

package dev.tyboo.workflow;

import java.time.Duration;

/**
 * Workflow-wide settings.
 *
 * @param retry the default retry policy of the workflow's nodes, or {@code null} for the engine's
 * @param nodeTimeout the default timeout of one node attempt, or {@code null} for none
 * @param maxConcurrentExecutions how many executions of this workflow may run at once in one
 *     engine; 0 for no limit. Executions over the limit wait with status {@code QUEUED}: in order
 *     in an in-memory engine, in no promised order in a durable one (each process keeps its own
 *     count)
 * @param errorWorkflow the name of a workflow to start when an execution of this one fails (it
 *     receives one item describing the failure), or {@code null} for none; it must be deployed in
 *     the engine (stored, in a durable engine)
 */
public record WorkflowSettings(
    RetryPolicy retry, Duration nodeTimeout, int maxConcurrentExecutions, String errorWorkflow) {

  private static final WorkflowSettings DEFAULTS = new WorkflowSettings(null, null, 0, null);

  /** Validates the components. */
  public WorkflowSettings {
    if (nodeTimeout != null && (nodeTimeout.isNegative() || nodeTimeout.isZero())) {
      throw new IllegalArgumentException("nodeTimeout must be positive, was " + nodeTimeout);
    }
    if (maxConcurrentExecutions < 0) {
      throw new IllegalArgumentException(
          "maxConcurrentExecutions must be >= 0, was " + maxConcurrentExecutions);
    }
    if (errorWorkflow != null && errorWorkflow.isBlank()) {
      throw new IllegalArgumentException("errorWorkflow must not be blank");
    }
  }

  /** {@return the engine's retry policy, no timeout, no concurrency limit, no error workflow} */
  public static WorkflowSettings defaults() {
    return DEFAULTS;
  }
}

package dev.tyboo.workflow;

import java.time.Duration;

/**
 * Workflow-wide settings.
 *
 * @param retry the default retry policy of the workflow's nodes, or {@code null} for the engine's
 * @param nodeTimeout the default timeout of one node attempt, or {@code null} for none
 * @param maxConcurrentExecutions how many executions of this workflow may run at once in one
 *     engine; 0 for no limit. Executions over the limit wait, in order, with status {@code QUEUED}.
 */
public record WorkflowSettings(
    RetryPolicy retry, Duration nodeTimeout, int maxConcurrentExecutions) {

  private static final WorkflowSettings DEFAULTS = new WorkflowSettings(null, null, 0);

  /** Validates the components. */
  public WorkflowSettings {
    if (nodeTimeout != null && (nodeTimeout.isNegative() || nodeTimeout.isZero())) {
      throw new IllegalArgumentException("nodeTimeout must be positive, was " + nodeTimeout);
    }
    if (maxConcurrentExecutions < 0) {
      throw new IllegalArgumentException(
          "maxConcurrentExecutions must be >= 0, was " + maxConcurrentExecutions);
    }
  }

  /** {@return the engine's retry policy, no timeout, no concurrency limit} */
  public static WorkflowSettings defaults() {
    return DEFAULTS;
  }
}

package dev.tyboo.workflow;

import java.time.Duration;

/**
 * How the engine runs one node: retries, timeout, and what a failure does.
 *
 * @param retry the node's retry policy, or {@code null} to use the workflow's (then the engine's)
 * @param timeout the longest one attempt may run, or {@code null} to use the workflow's (then none)
 * @param continueOnFail when {@code true}, a failure after the last attempt does not fail the
 *     execution: the node emits one item describing the error on its {@code error} output port
 *     instead
 */
public record NodePolicy(RetryPolicy retry, Duration timeout, boolean continueOnFail) {

  private static final NodePolicy DEFAULTS = new NodePolicy(null, null, false);

  /** Validates the components. */
  public NodePolicy {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }

  /** {@return no retry or timeout of its own, fail on error} */
  public static NodePolicy defaults() {
    return DEFAULTS;
  }
}

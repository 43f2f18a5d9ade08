package dev.tyboo.error;

import java.time.Duration;

/** A node attempt ran longer than its timeout. Retryable: the next attempt gets a fresh timeout. */
public class NodeTimeoutException extends RetryableNodeException {
  private static final long serialVersionUID = 1L;

  /** The timeout that the attempt exceeded. */
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param timeout the timeout that the attempt exceeded
   */
  public NodeTimeoutException(Duration timeout) {
    super("timed out after " + timeout.toMillis() + " ms");
    this.timeout = timeout;
  }

  /** {@return the timeout that the attempt exceeded} */
  public Duration timeout() {
    return timeout;
  }
}

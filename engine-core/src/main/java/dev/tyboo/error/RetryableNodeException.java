package dev.tyboo.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A transient node failure that may succeed if tried again: a timeout, a network error, a rate
 * limit or a 5xx answer. The default retry policy retries these.
 */
public class RetryableNodeException extends NodeExecutionException {
  private static final long serialVersionUID = 1L;

  /** The delay the remote side asked for, or {@code null}. */
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param detail what went wrong
   */
  public RetryableNodeException(String detail) {
    this(detail, -1, null, null);
  }

  /**
   * Creates the exception.
   *
   * @param detail what went wrong
   * @param cause the underlying failure
   */
  public RetryableNodeException(String detail, Throwable cause) {
    this(detail, -1, null, cause);
  }

  /**
   * Creates the exception.
   *
   * @param detail what went wrong
   * @param itemIndex the input item being processed, or -1
   * @param retryAfter the earliest delay before the next attempt that the remote side asked for
   *     (for example HTTP {@code Retry-After}), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public RetryableNodeException(
      String detail, int itemIndex, Duration retryAfter, Throwable cause) {
    super(detail, itemIndex, cause);
    this.retryAfter = retryAfter;
  }

  /**
   * {@return the delay the remote side asked for before trying again; the backoff never waits less}
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

package dev.tyboo.ai;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call that failed, with what kind of failure it was. The AI nodes turn it into a retryable
 * node failure ({@link Kind#RATE_LIMITED}, {@link Kind#UNAVAILABLE}, {@link Kind#TIMEOUT},
 * honouring the provider's {@code Retry-After}) or a final one (the rest).
 */
public class ModelCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The key is missing, wrong or not allowed (HTTP 401, 403). */
    AUTHENTICATION,
    /** Too many requests or tokens (HTTP 429); see {@link #retryAfter()}. */
    RATE_LIMITED,
    /** The provider failed or is overloaded (HTTP 5xx, 529) or could not be reached. */
    UNAVAILABLE,
    /** The call took longer than its timeout. */
    TIMEOUT,
    /** The provider refused the request (HTTP 400, 404: unknown model, bad parameters). */
    BAD_REQUEST,
    /** The provider's answer could not be read. */
    MALFORMED_RESPONSE
  }

  /** What went wrong. */
  private final Kind kind;

  /** The HTTP status, or 0. */
  private final int status;

  private final transient Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param kind what went wrong
   * @param status the HTTP status, or 0
   * @param retryAfter the delay the provider asked for, or {@code null}
   * @param message what happened; names the provider and model, never the key
   * @param cause the underlying failure, or {@code null}
   */
  public ModelCallException(
      Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** {@return what went wrong} */
  public Kind kind() {
    return kind;
  }

  /** {@return the HTTP status, or 0 when there was none} */
  public int status() {
    return status;
  }

  /** {@return the delay the provider asked for before another try} */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** {@return whether trying again later may succeed} */
  public boolean isRetryable() {
    return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT;
  }
}

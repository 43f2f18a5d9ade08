package dev.tyboo.error;

/**
 * A node failure that trying again will not fix: bad input, bad configuration, authentication, a
 * 4xx answer or a bug. The default retry policy does not retry these.
 */
public class NonRetryableNodeException extends NodeExecutionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what went wrong
   */
  public NonRetryableNodeException(String detail) {
    super(detail, -1, null);
  }

  /**
   * Creates the exception.
   *
   * @param detail what went wrong
   * @param cause the underlying failure
   */
  public NonRetryableNodeException(String detail, Throwable cause) {
    super(detail, -1, cause);
  }

  /**
   * Creates the exception.
   *
   * @param detail what went wrong
   * @param itemIndex the input item being processed, or -1
   * @param cause the underlying failure, or {@code null}
   */
  public NonRetryableNodeException(String detail, int itemIndex, Throwable cause) {
    super(detail, itemIndex, cause);
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}

package dev.tyboo.error;

/**
 * An expression went past one of the engine's {@link dev.tyboo.spi.expression.ExpressionLimits}
 * while it was evaluated: it built too long a string or too large a range, did too much work or
 * took too long. Not retryable: the same data goes past the same limit.
 */
public class ExpressionLimitException extends ExpressionException {
  private static final long serialVersionUID = 1L;

  /** The limits an evaluation can go past. */
  public enum Limit {
    /** {@code maxStringLength}: a string the expression built. */
    STRING_LENGTH,
    /** {@code maxCollectionSize}: a range or array the expression built. */
    COLLECTION_SIZE,
    /** {@code maxWork}: characters and elements read or written. */
    WORK,
    /** {@code timeout}: wall time. */
    TIME,
    /** The thread's stack: a last guard, the compile-time limits normally stop this first. */
    STACK
  }

  /** Which limit. */
  private final Limit limit;

  /**
   * Creates the exception.
   *
   * @param parameter the parameter path holding the expression, or {@code null} when not known yet
   * @param expression the expression source
   * @param itemIndex the item being evaluated, or -1
   * @param limit which limit
   * @param reason what went past it, naming the limit's value
   */
  public ExpressionLimitException(
      String parameter, String expression, int itemIndex, Limit limit, String reason) {
    super(parameter, expression, itemIndex, reason, null);
    this.limit = limit;
  }

  /** {@return which limit} */
  public Limit limit() {
    return limit;
  }

  /**
   * {@return a copy that names the parameter and item}
   *
   * @param parameter the parameter path holding the expression
   * @param itemIndex the item being evaluated
   */
  public ExpressionLimitException in(String parameter, int itemIndex) {
    ExpressionLimitException e =
        new ExpressionLimitException(parameter, expression(), itemIndex, limit, reason());
    e.setStackTrace(getStackTrace());
    return e;
  }
}

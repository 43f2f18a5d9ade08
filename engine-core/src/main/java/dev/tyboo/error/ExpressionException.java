package dev.tyboo.error;

/**
 * An expression inside {@code {{ }}} failed to evaluate: an undefined property, a type error, a
 * denied method. The message names the node, the parameter and the item index. Not retryable: the
 * same data fails the same way.
 */
public class ExpressionException extends NonRetryableNodeException {
  private static final long serialVersionUID = 1L;

  /** The parameter path holding the expression. */
  private final String parameter;

  /** The expression source, without the braces. */
  private final String expression;

  /**
   * Creates the exception.
   *
   * @param parameter the parameter path holding the expression, for example {@code url} or {@code
   *     body.name}
   * @param expression the expression source, without the braces
   * @param itemIndex the item being evaluated, or -1
   * @param reason what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public ExpressionException(
      String parameter, String expression, int itemIndex, String reason, Throwable cause) {
    super(
        "expression {{ " + expression + " }} in parameter '" + parameter + "' failed: " + reason,
        itemIndex,
        cause);
    this.parameter = parameter;
    this.expression = expression;
  }

  /** {@return the parameter path holding the expression} */
  public String parameter() {
    return parameter;
  }

  /** {@return the expression source, without the braces} */
  public String expression() {
    return expression;
  }
}

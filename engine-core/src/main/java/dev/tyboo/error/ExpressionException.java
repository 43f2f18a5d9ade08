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

  /** What went wrong, without the expression and parameter. */
  private final String reason;

  /** Longest part of an expression quoted in a message. */
  private static final int EXCERPT = 120;

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
        "expression {{ "
            + excerpt(expression)
            + " }}"
            + (parameter == null ? "" : " in parameter '" + parameter + "'")
            + " failed: "
            + reason,
        itemIndex,
        cause);
    this.parameter = parameter;
    this.expression = expression;
    this.reason = reason;
  }

  /**
   * {@return the expression cut to at most 120 characters (with an ellipsis and the full length),
   * for messages and log lines}
   *
   * @param expression an expression source
   */
  public static String excerpt(String expression) {
    if (expression == null || expression.length() <= EXCERPT) {
      return expression;
    }
    return expression.substring(0, EXCERPT) + "\u2026 (" + expression.length() + " characters)";
  }

  /** {@return what went wrong, without the expression and parameter} */
  public String reason() {
    return reason;
  }

  /** {@return the parameter path holding the expression; {@code null} when not known} */
  public String parameter() {
    return parameter;
  }

  /** {@return the expression source, without the braces} */
  public String expression() {
    return expression;
  }
}

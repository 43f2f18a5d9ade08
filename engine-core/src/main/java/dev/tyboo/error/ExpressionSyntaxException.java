package dev.tyboo.error;

/**
 * An expression does not compile, or uses a construct the language forbids (loops, assignment,
 * ...).
 */
public class ExpressionSyntaxException extends WorkflowDefinitionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, quoting the expression
   * @param cause the parser's error, or {@code null}
   */
  public ExpressionSyntaxException(String message, Throwable cause) {
    super(message, cause);
  }
}

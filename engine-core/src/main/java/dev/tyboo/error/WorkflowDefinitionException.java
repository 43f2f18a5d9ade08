package dev.tyboo.error;

/**
 * A workflow definition (DSL or JSON) cannot be used as it is: a user error found before anything
 * runs.
 *
 * <p>The common subtype is {@link WorkflowValidationException}, which lists every problem at once.
 */
public class WorkflowDefinitionException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the workflow, node or path
   */
  public WorkflowDefinitionException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the workflow, node or path
   * @param cause the underlying failure
   */
  public WorkflowDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}

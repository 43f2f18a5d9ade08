package dev.tyboo.error;

/**
 * A principal may not do what they asked: none of their roles grants the permission. Operations on
 * another tenant's workflows or executions report "not found" instead, so that nothing of another
 * tenant shows.
 */
public class AccessDeniedException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message who, what permission, on what
   */
  public AccessDeniedException(String message) {
    super(message);
  }
}

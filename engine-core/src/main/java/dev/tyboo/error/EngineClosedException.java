package dev.tyboo.error;

/** The engine has been shut down and accepts no new executions. */
public class EngineClosedException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused
   */
  public EngineClosedException(String message) {
    super(message);
  }
}

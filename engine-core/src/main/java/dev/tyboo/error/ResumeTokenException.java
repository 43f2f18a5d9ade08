package dev.tyboo.error;

/**
 * A resume token that resumes nothing: malformed, unknown, or its node is no longer waiting
 * (already resumed, timed out, cancelled). Nothing was changed.
 */
public class ResumeTokenException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the token (its secret part is never included)
   */
  public ResumeTokenException(String message) {
    super(message);
  }
}

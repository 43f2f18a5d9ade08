package dev.tyboo.error;

/**
 * Credential data does not fit its credential type: an unknown type, a missing required field, a
 * field of the wrong JSON type or one the type does not have. The message names the field, never a
 * value. Nothing was written.
 */
public class InvalidCredentialException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which type and field
   */
  public InvalidCredentialException(String message) {
    super(message);
  }
}

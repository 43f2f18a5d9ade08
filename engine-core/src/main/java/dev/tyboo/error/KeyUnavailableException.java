package dev.tyboo.error;

/**
 * A master key is missing or unreadable: the environment variable is unset or malformed, the key
 * store cannot be opened, or data was wrapped with a key id the provider does not have. The message
 * names the variable, file or key id, never key material.
 */
public class KeyUnavailableException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which key, from where
   */
  public KeyUnavailableException(String message) {
    super(message);
  }
}

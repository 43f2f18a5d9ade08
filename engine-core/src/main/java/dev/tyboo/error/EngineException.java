package dev.tyboo.error;

/**
 * Root of every exception that Tyboo Engine throws on purpose.
 *
 * <p>All engine exceptions are unchecked. Catch this type to handle any engine failure; catch a
 * subclass to handle one kind. The engine never wraps an {@code EngineException} in another one, so
 * the type you catch is the type that was thrown.
 */
public abstract class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the offending id, path or field
   * @param cause the underlying failure, or {@code null}
   */
  protected EngineException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the offending id, path or field
   */
  protected EngineException(String message) {
    super(message);
  }
}

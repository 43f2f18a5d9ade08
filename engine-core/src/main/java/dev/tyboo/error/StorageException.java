package dev.tyboo.error;

/**
 * A store (binary, execution, workflow) failed to read or write; the cause holds the I/O or SQL
 * error.
 */
public class StorageException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was being read or written, naming the id
   * @param cause the underlying failure, or {@code null}
   */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}

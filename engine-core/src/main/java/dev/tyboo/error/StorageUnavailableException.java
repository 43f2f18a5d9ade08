package dev.tyboo.error;

/**
 * A store could not be reached (a connection refused or dropped, a deadlock, a serialization
 * failure) and kept failing while it was retried. Unlike other {@link StorageException}s this says
 * nothing about the data: the same operation may well succeed later, and the engine tries again
 * instead of giving up on the execution.
 */
public class StorageUnavailableException extends StorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was being done, and for how long it was retried
   * @param cause the last failure
   */
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

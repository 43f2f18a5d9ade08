package dev.tyboo.error;

/** A binary store refused data larger than it keeps. Retrying does not help. */
public class BinaryTooLargeException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused, with the limit
   */
  public BinaryTooLargeException(String message) {
    super(message, null);
  }
}

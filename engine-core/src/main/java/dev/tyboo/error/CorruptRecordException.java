package dev.tyboo.error;

/**
 * A store read a stored record it cannot make sense of (an unknown status, a missing required
 * value, a broken reference). The message names where the record lives and what is wrong with it;
 * nothing is changed by reading it. Unlike other {@link StorageException}s, retrying does not help.
 */
public class CorruptRecordException extends StorageException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which record (table and key) and which field is wrong, and how
   * @param cause the parse or validation failure, or {@code null}
   */
  public CorruptRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.tyboo.error;

/**
 * An update was based on a stale copy: someone else changed the record since it was read. Read it
 * again and redo the change; nothing was written.
 */
public class ConcurrentUpdateException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which record, and the revision expected and found
   */
  public ConcurrentUpdateException(String message) {
    super(message, null);
  }
}

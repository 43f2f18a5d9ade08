package dev.tyboo.error;

/**
 * A worker acted on a lease it no longer holds: the lease expired, or another worker claimed the
 * work since (with a newer fencing token). The worker must stop working on that item; whatever it
 * was about to record is dropped, and the current holder redoes it.
 */
public class StaleLeaseException extends QueueException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which lease, of which owner, and why it is stale
   */
  public StaleLeaseException(String message) {
    super(message, null);
  }
}

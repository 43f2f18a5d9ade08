package dev.tyboo.error;

/** The work queue refused or failed an operation; the cause, if any, holds the I/O or SQL error. */
public class QueueException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused, naming the work item or lease
   * @param cause the underlying failure, or {@code null}
   */
  public QueueException(String message, Throwable cause) {
    super(message, cause);
  }
}

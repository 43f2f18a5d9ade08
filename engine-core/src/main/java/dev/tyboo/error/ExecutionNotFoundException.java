package dev.tyboo.error;

/** No execution has the given id (it never existed, or retention deleted it). */
public class ExecutionNotFoundException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** The id that was looked up. */
  private final String executionId;

  /**
   * Creates the exception.
   *
   * @param executionId the id that was looked up
   */
  public ExecutionNotFoundException(String executionId) {
    super("no execution with id " + executionId, null);
    this.executionId = executionId;
  }

  /** {@return the id that was looked up} */
  public String executionId() {
    return executionId;
  }
}

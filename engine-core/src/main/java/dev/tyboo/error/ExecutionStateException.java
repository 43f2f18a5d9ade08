package dev.tyboo.error;

/**
 * An operation that the execution's status does not allow, such as resuming an execution that did
 * not fail. Nothing was changed.
 */
public class ExecutionStateException extends EngineException {
  private static final long serialVersionUID = 1L;

  /** The execution. */
  private final String executionId;

  /** Its status when the operation was refused. */
  private final String status;

  /**
   * Creates the exception.
   *
   * @param executionId the execution
   * @param status its status (an {@code ExecutionStatus} name)
   * @param message what was refused and why
   */
  public ExecutionStateException(String executionId, String status, String message) {
    super(message);
    this.executionId = executionId;
    this.status = status;
  }

  /** {@return the execution's id} */
  public String executionId() {
    return executionId;
  }

  /** {@return the name of the execution's status when the operation was refused} */
  public String status() {
    return status;
  }
}

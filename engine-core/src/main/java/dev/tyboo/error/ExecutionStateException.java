package dev.tyboo.error;

import dev.tyboo.execution.ExecutionStatus;

/**
 * An operation that the execution's status does not allow, such as resuming an execution that did
 * not fail. Nothing was changed.
 */
public class ExecutionStateException extends EngineException {
  private static final long serialVersionUID = 1L;

  /** The execution. */
  private final String executionId;

  /** Its status when the operation was refused. */
  private final ExecutionStatus status;

  /**
   * Creates the exception.
   *
   * @param executionId the execution
   * @param status its status
   * @param message what was refused and why
   */
  public ExecutionStateException(String executionId, ExecutionStatus status, String message) {
    super(message);
    this.executionId = executionId;
    this.status = status;
  }

  /** {@return the execution's id} */
  public String executionId() {
    return executionId;
  }

  /** {@return the execution's status when the operation was refused} */
  public ExecutionStatus status() {
    return status;
  }
}

package dev.tyboo.execution;

/** Where one node of an execution is. */
public enum NodeRunStatus {
  /** Not started: waiting for its inputs, or never reached because the execution stopped. */
  PENDING,
  /** An attempt is running, or the next attempt is scheduled. */
  RUNNING,
  /**
   * Suspended: the node asked to wait until a due time or until it is resumed with its resume
   * token; no thread is held.
   */
  WAITING,
  /** Finished; its outputs are recorded. */
  SUCCEEDED,
  /**
   * Failed after its last attempt. With continue-on-fail the execution went on, with the error as
   * an item on the node's {@code error} output.
   */
  FAILED,
  /** Not run: no branch leading to it was taken. */
  SKIPPED,
  /** Was running or scheduled to retry when the execution was cancelled. */
  CANCELLED
}

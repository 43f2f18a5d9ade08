package dev.tyboo.execution;

/** Where an execution is in its life. */
public enum ExecutionStatus {
  /** Accepted, waiting for a slot (the workflow's concurrency limit is reached). */
  QUEUED,
  /** Nodes are running or about to. */
  RUNNING,
  /**
   * Every node that could go on is waiting (a wait node, a sub-workflow, an approval): no thread is
   * held; the execution goes on at a due time or when {@code Engine.resume} is called with a resume
   * token.
   */
  WAITING,
  /** Every node that was reached finished without a failure that stopped the execution. */
  SUCCEEDED,
  /** A node failed after its last attempt without continue-on-fail. */
  FAILED,
  /** Cancelled by {@link Execution#cancel()} or by engine shutdown. */
  CANCELLED;

  /**
   * {@return whether the execution has ended} A final status changes only when a durable engine is
   * told to re-open the execution ({@code resumeFromFailure}, {@code retry}): it is then queued
   * again.
   */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}

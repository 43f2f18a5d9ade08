package dev.tyboo.node;

/**
 * Tells a running node that its execution was cancelled or its attempt timed out. Long-running
 * nodes should check it between units of work; blocking calls are also interrupted.
 */
public interface Cancellation {

  /** {@return whether the node should stop} */
  boolean isCancelled();

  /**
   * Stops the node when it should stop.
   *
   * @throws dev.tyboo.error.ExecutionCancelledException when the node should stop
   */
  void throwIfCancelled();
}

package dev.tyboo.error;

/**
 * Thrown inside a node by {@code NodeContext.cancellation().throwIfCancelled()} when its execution
 * was cancelled (or its attempt timed out). Nodes may let it propagate; the engine does not retry
 * it.
 */
public class ExecutionCancelledException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the execution stopped
   */
  public ExecutionCancelledException(String message) {
    super(message);
  }
}

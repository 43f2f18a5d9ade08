package dev.tyboo.error;

/**
 * A node's outputs cannot be checkpointed: their JSON is larger than the durable engine's {@code
 * maxOutputBytes}, or than what the storage's binary store accepts. The node's own failure, not the
 * storage's: it is not retried, the execution fails (or the node continues on its error output) and
 * can be resumed from the failure once the node or its input is fixed.
 */
public class NodeOutputException extends NonRetryableNodeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param detail what is too large, with the limit
   * @param cause the storage's refusal, or {@code null}
   */
  public NodeOutputException(String detail, Throwable cause) {
    super(detail, -1, cause);
  }
}

package dev.tyboo.error;

/** A node id that the execution's workflow does not have. Nothing was changed. */
public class UnknownNodeException extends EngineException {
  private static final long serialVersionUID = 1L;

  /** The id that was asked for. */
  private final String nodeId;

  /**
   * Creates the exception.
   *
   * @param nodeId the id that was asked for
   * @param message which workflow lacks it
   */
  public UnknownNodeException(String nodeId, String message) {
    super(message);
    this.nodeId = nodeId;
  }

  /** {@return the node id that was asked for} */
  public String nodeId() {
    return nodeId;
  }
}

package dev.tyboo.error;

/**
 * A node failed while it ran. Retryability is the type: {@link RetryableNodeException} for
 * transient failures (timeouts, network, rate limits, 5xx) and {@link NonRetryableNodeException}
 * for the rest (validation, authentication, configuration, 4xx, bugs).
 *
 * <p>Node authors throw one of the subclasses (or any other exception, which the engine
 * classifies); the engine fills in the execution id, node id and attempt with {@link #withContext}.
 * The context is part of {@link #getMessage()}.
 */
public abstract class NodeExecutionException extends EngineException {
  private static final long serialVersionUID = 1L;

  /** The node's own description of the failure; secrets taken out by {@link #redact}. */
  private String detail;

  /** The cause with secrets taken out of its messages, when it held one. */
  private Throwable redactedCause;

  /** The input item being processed, or -1. */
  private volatile int itemIndex;

  /** The execution id, once the engine filled it in. */
  private String executionId;

  /** The node id, once the engine filled it in. */
  private String nodeId;

  /** The attempt number, once the engine filled it in. */
  private int attempt;

  /**
   * Creates the exception.
   *
   * @param detail what went wrong, in the node's words
   * @param itemIndex the index of the input item being processed, or -1 when not about one item
   * @param cause the underlying failure, or {@code null}
   */
  protected NodeExecutionException(String detail, int itemIndex, Throwable cause) {
    super(detail, cause);
    this.detail = detail;
    this.itemIndex = itemIndex;
  }

  /**
   * Records where the failure happened. Called by the engine; node authors need not call it.
   *
   * @param executionId the execution's id
   * @param nodeId the failing node's id
   * @param attempt the attempt number, from 1
   * @return this exception
   */
  public NodeExecutionException withContext(String executionId, String nodeId, int attempt) {
    this.executionId = executionId;
    this.nodeId = nodeId;
    this.attempt = attempt;
    return this;
  }

  /**
   * Records the input item the failure is about, when the node did not say. Called by {@code
   * NodeResult.mapItems} and its kin; node authors need not call it.
   *
   * @param index the input item's index
   * @return this exception
   */
  public synchronized NodeExecutionException aboutItem(int index) {
    if (itemIndex < 0) {
      itemIndex = index;
    }
    return this;
  }

  /**
   * Takes secrets out of this failure's text: its detail and its causes' messages (a cause whose
   * message held a secret is replaced, for {@link #getCause()} and stack traces, by a copy that
   * prints as the original class with the redacted message). Called by the engine with the
   * credential values the run was lent, before anything records or publishes the failure; node
   * authors need not call it.
   *
   * @param redaction replaces secrets in a text (and returns {@code null} for {@code null})
   * @return this exception
   */
  public NodeExecutionException redact(java.util.function.UnaryOperator<String> redaction) {
    synchronized (this) {
      detail = redaction.apply(detail);
      Throwable cause = super.getCause();
      if (cause != null && RecordedCause.holdsSecret(cause, redaction)) {
        redactedCause = RecordedCause.redactedCopy(cause, redaction);
      }
    }
    return this;
  }

  @Override
  public synchronized Throwable getCause() {
    return redactedCause != null ? redactedCause : super.getCause();
  }

  /** {@return whether the engine's default retry policy retries this failure} */
  public abstract boolean isRetryable();

  /** {@return the node's own description of the failure, without the context} */
  public String detail() {
    return detail;
  }

  /** {@return the execution id, or {@code null} before the engine filled it in} */
  public String executionId() {
    return executionId;
  }

  /** {@return the node id, or {@code null} before the engine filled it in} */
  public String nodeId() {
    return nodeId;
  }

  /** {@return the attempt number (from 1), or 0 before the engine filled it in} */
  public int attempt() {
    return attempt;
  }

  /**
   * {@return the index of the input item being processed, or -1 when the failure is not about one
   * item}
   */
  public int itemIndex() {
    return itemIndex;
  }

  @Override
  public String getMessage() {
    if (nodeId == null) {
      return itemIndex >= 0 ? detail + " (item " + itemIndex + ")" : detail;
    }
    StringBuilder sb = new StringBuilder("Node '").append(nodeId).append("' failed");
    sb.append(" (execution ").append(executionId).append(", attempt ").append(attempt);
    if (itemIndex >= 0) {
      sb.append(", item ").append(itemIndex);
    }
    return sb.append("): ").append(detail).toString();
  }
}

package dev.tyboo.ai.agent;

import dev.tyboo.error.NonRetryableNodeException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An AI agent reached one of its limits and stopped. Not retryable: another attempt would replay
 * the recorded steps to the same limit. The transcript so far is kept: here, and in the node run's
 * recorded steps.
 */
public final class AgentLimitException extends NonRetryableNodeException {

  private static final long serialVersionUID = 1L;

  /** The limit reached. */
  private final AgentLimit limit;

  private final transient List<Map<String, Object>> transcript;

  /**
   * Creates the failure.
   *
   * @param limit the limit reached
   * @param item the item's index
   * @param detail what was reached, with the limit's value
   * @param transcript the conversation so far: {@code {role, text, toolCalls?, toolCallId?}} each
   */
  public AgentLimitException(
      AgentLimit limit, int item, String detail, List<Map<String, Object>> transcript) {
    super("the agent stopped: " + detail, item, null);
    this.limit = Objects.requireNonNull(limit, "limit");
    this.transcript = List.copyOf(transcript);
  }

  /** {@return the limit reached} */
  public AgentLimit limit() {
    return limit;
  }

  /** {@return the conversation up to the stop, oldest message first} */
  public List<Map<String, Object>> transcript() {
    return transcript;
  }
}

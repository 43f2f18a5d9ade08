package dev.tyboo.ai.nodes;

import dev.tyboo.error.NonRetryableNodeException;
import java.util.List;

/**
 * A chat model's answer did not match the node's {@code outputSchema}, even after the repairs the
 * node asked for. Not retryable: the node already tried again. The problems name their JSON paths.
 */
public final class OutputSchemaException extends NonRetryableNodeException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  /**
   * Creates the failure.
   *
   * @param item the item's index
   * @param attempts how many answers the model gave
   * @param problems what is wrong with the last one
   */
  public OutputSchemaException(int item, int attempts, List<String> problems) {
    super(
        "the model's answer does not match the output schema after "
            + attempts
            + " answers: "
            + String.join("; ", problems),
        item,
        null);
    this.problems = List.copyOf(problems);
  }

  /** {@return what is wrong with the last answer, each with its JSON path} */
  public List<String> problems() {
    return problems;
  }
}

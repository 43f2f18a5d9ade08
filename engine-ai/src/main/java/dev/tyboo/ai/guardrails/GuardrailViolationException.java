package dev.tyboo.ai.guardrails;

import dev.tyboo.error.NonRetryableNodeException;
import java.util.List;

/**
 * A guardrail blocked an item: the rules that matched, never the text they matched. Not retryable:
 * the same input would be blocked again.
 */
public final class GuardrailViolationException extends NonRetryableNodeException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> rules;

  /**
   * Creates the failure.
   *
   * @param item the blocked item's index
   * @param rules the rules that matched, such as {@code EMAIL} or {@code
   *     promptInjection.ignoreInstructions}
   */
  public GuardrailViolationException(int item, List<String> rules) {
    super("blocked by guardrails: " + List.copyOf(rules) + " matched", item, null);
    this.rules = List.copyOf(rules);
  }

  /** {@return the rules that matched, each once} */
  public List<String> rules() {
    return rules;
  }
}

package dev.tyboo.ai.guardrails;

import dev.tyboo.error.NonRetryableNodeException;
import java.util.List;

/**
 * A guardrail blocked an item: what was found and where, never the data itself. Not retryable: the
 * same input would be blocked again.
 */
public final class GuardrailViolationException extends NonRetryableNodeException {

  private static final long serialVersionUID = 1L;

  private final transient List<PiiFinding> findings;

  /**
   * Creates the failure.
   *
   * @param item the blocked item's index
   * @param findings what was found in it
   */
  public GuardrailViolationException(int item, List<PiiFinding> findings) {
    super(
        "blocked by guardrails: "
            + findings.stream().map(f -> f.type().name()).distinct().toList()
            + " found",
        item,
        null);
    this.findings = List.copyOf(findings);
  }

  /** {@return the findings that blocked the item} */
  public List<PiiFinding> findings() {
    return findings;
  }
}

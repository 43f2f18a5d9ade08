package dev.tyboo.ai.guardrails;

import java.util.Objects;

/**
 * One piece of personal data found in a text: which kind, and where. It holds no copy of the data,
 * so a finding can be logged, stored or returned as data.
 *
 * @param type the kind
 * @param start the index of its first character
 * @param end the index after its last character
 */
public record PiiFinding(PiiType type, int start, int end) {

  /** Checks the span. */
  public PiiFinding {
    Objects.requireNonNull(type, "type");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "a finding spans at least one character: " + start + ".." + end);
    }
  }

  /** {@return whether it shares a character with another finding} */
  boolean overlaps(PiiFinding other) {
    return start < other.end && other.start < end;
  }
}

package dev.tyboo.ai.guardrails;

import dev.tyboo.ai.TokenUsage;
import java.util.Map;
import java.util.Objects;

/**
 * How toxic a text is, by category, as a moderation model rated it.
 *
 * @param scores each category's score, 0 (not at all) to 1 (certainly): {@code harassment}, {@code
 *     hate}, {@code self-harm}, {@code sexual}, {@code violence}, and whatever else the model rates
 * @param usage the tokens the rating used (none for a provider's moderation API)
 */
public record ModerationResult(Map<String, Double> scores, TokenUsage usage) {

  /** Validates and copies the components. */
  public ModerationResult {
    scores = Map.copyOf(scores);
    Objects.requireNonNull(usage, "usage");
    scores.forEach(
        (category, score) -> {
          if (score < 0 || score > 1) {
            throw new IllegalArgumentException(
                "score of '" + category + "' must be 0 to 1, was " + score);
          }
        });
  }
}

package dev.tyboo.ai;

/**
 * Tokens a model call used, as the provider reported them.
 *
 * @param inputTokens tokens of the prompt (or of the embedded texts)
 * @param outputTokens tokens of the completion (0 for embeddings)
 */
public record TokenUsage(long inputTokens, long outputTokens) {

  /** No tokens. */
  public static final TokenUsage NONE = new TokenUsage(0, 0);

  /** Validates the components. */
  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0");
    }
  }

  /** {@return input and output tokens together} */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /**
   * {@return the sum of this and another usage}
   *
   * @param other another usage
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }
}

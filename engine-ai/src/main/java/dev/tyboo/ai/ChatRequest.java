package dev.tyboo.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to ask a chat model. Build with {@link #builder()}.
 *
 * @param messages the conversation, oldest first; at least one message
 * @param temperature sampling temperature, or {@code null} for the model's default
 * @param maxTokens the most tokens to generate, or {@code null} for the model's default
 * @param jsonOutput whether the answer must be a JSON object (the provider's JSON mode)
 * @param tools tools the model may ask to call
 */
public record ChatRequest(
    List<ChatMessage> messages,
    Double temperature,
    Integer maxTokens,
    boolean jsonOutput,
    List<ToolSpec> tools) {

  /** Validates and copies the components. */
  public ChatRequest {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (temperature != null && (temperature < 0 || temperature > 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
    }
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /** {@return a builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ChatRequest}. Not thread-safe. */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private final List<ToolSpec> tools = new ArrayList<>();
    private Double temperature;
    private Integer maxTokens;
    private boolean jsonOutput;

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param message the next message
     */
    public Builder message(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param text a system message
     */
    public Builder system(String text) {
      return message(ChatMessage.system(text));
    }

    /**
     * {@return this builder}
     *
     * @param text a user message
     */
    public Builder user(String text) {
      return message(ChatMessage.user(text));
    }

    /**
     * {@return this builder}
     *
     * @param temperature sampling temperature, 0 to 2
     */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param maxTokens the most tokens to generate
     */
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param json whether the answer must be a JSON object
     */
    public Builder jsonOutput(boolean json) {
      this.jsonOutput = json;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param tool a tool the model may ask to call
     */
    public Builder tool(ToolSpec tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /** {@return the request} */
    public ChatRequest build() {
      return new ChatRequest(messages, temperature, maxTokens, jsonOutput, tools);
    }
  }
}

package dev.tyboo.ai;

import java.util.List;
import java.util.Objects;

/**
 * A chat model's answer.
 *
 * @param text the answer's text (empty when the model only asked for tools)
 * @param toolCalls the tools the model asked to call, in its order
 * @param usage the tokens the call used
 * @param finishReason why the model stopped: {@code stop}, {@code length}, {@code tool_calls},
 *     {@code content_filter} or {@code other}
 * @param model the model that answered, as the provider named it
 */
public record ChatResult(
    String text, List<ToolCall> toolCalls, TokenUsage usage, String finishReason, String model) {

  /** Validates and copies the components. */
  public ChatResult {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    Objects.requireNonNull(usage, "usage");
    finishReason = finishReason == null ? "other" : finishReason;
    model = model == null ? "" : model;
  }
}

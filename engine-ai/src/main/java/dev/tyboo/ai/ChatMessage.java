package dev.tyboo.ai;

import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation with a chat model.
 *
 * @param role who says it
 * @param text what is said (may be empty for an assistant message that only calls tools)
 * @param toolCalls for an assistant message, the tools it asked to call; empty otherwise
 * @param toolCallId for a {@link ChatRole#TOOL tool} message, the id of the call it answers
 * @param toolName for a tool message, the tool that answered
 */
public record ChatMessage(
    ChatRole role, String text, List<ToolCall> toolCalls, String toolCallId, String toolName) {

  /** Validates the components. */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    if (!toolCalls.isEmpty() && role != ChatRole.ASSISTANT) {
      throw new IllegalArgumentException("only an assistant message calls tools");
    }
    if (role == ChatRole.TOOL && (toolName == null || toolName.isBlank())) {
      throw new IllegalArgumentException("a tool message names its tool");
    }
  }

  /**
   * A message without tool calls.
   *
   * @param role who says it
   * @param text what is said
   */
  public ChatMessage(ChatRole role, String text) {
    this(role, text, List.of(), null, null);
  }

  /**
   * {@return a system message}
   *
   * @param text the instructions
   */
  public static ChatMessage system(String text) {
    return new ChatMessage(ChatRole.SYSTEM, text);
  }

  /**
   * {@return a user message}
   *
   * @param text what the user says
   */
  public static ChatMessage user(String text) {
    return new ChatMessage(ChatRole.USER, text);
  }

  /**
   * {@return an assistant message (an earlier answer)}
   *
   * @param text what the model said
   */
  public static ChatMessage assistant(String text) {
    return new ChatMessage(ChatRole.ASSISTANT, text);
  }

  /**
   * {@return an assistant message that asked for tools (an earlier answer)}
   *
   * @param text what the model said besides, or empty
   * @param toolCalls the calls it asked for
   */
  public static ChatMessage assistant(String text, List<ToolCall> toolCalls) {
    return new ChatMessage(ChatRole.ASSISTANT, text == null ? "" : text, toolCalls, null, null);
  }

  /**
   * {@return a tool's answer to a call}
   *
   * @param call the call it answers
   * @param result what the tool returned, as text (JSON for structured results)
   */
  public static ChatMessage toolResult(ToolCall call, String result) {
    return new ChatMessage(ChatRole.TOOL, result, List.of(), call.id(), call.name());
  }
}

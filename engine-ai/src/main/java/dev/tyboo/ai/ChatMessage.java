package dev.tyboo.ai;

import java.util.Objects;

/**
 * One message of a conversation with a chat model.
 *
 * @param role who says it
 * @param text what is said
 */
public record ChatMessage(ChatRole role, String text) {

  /** Validates the components. */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
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
}

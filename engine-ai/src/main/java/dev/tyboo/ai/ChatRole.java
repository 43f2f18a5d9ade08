package dev.tyboo.ai;

/** Who says a {@link ChatMessage}. */
public enum ChatRole {
  /** Instructions that frame the conversation. */
  SYSTEM,
  /** The user (or the workflow speaking for one). */
  USER,
  /** The model. */
  ASSISTANT,
  /** A tool's answer to a call the assistant asked for. */
  TOOL
}

package dev.tyboo.internal.executor;

/** Keeps the engine's own log lines short: a failure's message can quote a whole response body. */
final class LogText {

  /** Longest message the engine writes into one log line. */
  static final int MAX = 1_000;

  private LogText() {}

  /**
   * {@return the text, cut to {@link #MAX} characters with a note of its full length}
   *
   * @param text a message, or {@code null}
   */
  static String brief(String text) {
    if (text == null || text.length() <= MAX) {
      return text;
    }
    return text.substring(0, MAX) + "\u2026 (" + text.length() + " characters)";
  }
}

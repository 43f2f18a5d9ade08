package dev.tyboo.error;

import java.util.function.UnaryOperator;

/**
 * A copy of a failure's cause with secrets taken out of its message: it prints as the original
 * class and redacted message, with the original stack trace. The engine puts it in place of a
 * {@link NodeExecutionException}'s cause when that cause's text held a secret.
 */
final class RedactedThrowable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Causes deeper than this are cut off. */
  private static final int MAX_DEPTH = 16;

  /** The original class's name. */
  private final String type;

  private RedactedThrowable(String type, String message, Throwable cause) {
    super(message, cause, false, true);
    this.type = type;
  }

  /**
   * {@return a redacted copy of a failure and its causes}
   *
   * @param original the failure
   * @param redaction what takes the secrets out of a text
   */
  static Throwable copy(Throwable original, UnaryOperator<String> redaction) {
    return copy(original, redaction, 0);
  }

  private static Throwable copy(Throwable original, UnaryOperator<String> redaction, int depth) {
    Throwable cause = original.getCause();
    RedactedThrowable copy =
        new RedactedThrowable(
            original.getClass().getName(),
            redaction.apply(original.getMessage()),
            cause == null || cause == original || depth >= MAX_DEPTH
                ? null
                : copy(cause, redaction, depth + 1));
    copy.setStackTrace(original.getStackTrace());
    return copy;
  }

  /**
   * {@return whether a failure or one of its causes has a message that the redaction changes}
   *
   * @param t the failure
   * @param redaction what takes the secrets out of a text
   */
  static boolean holdsSecret(Throwable t, UnaryOperator<String> redaction) {
    int depth = 0;
    for (Throwable c = t; c != null && depth++ <= MAX_DEPTH; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.equals(redaction.apply(m))) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return message == null ? type : type + ": " + message;
  }
}

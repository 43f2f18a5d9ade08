package dev.tyboo.error;

import java.util.function.UnaryOperator;

/**
 * A failure's cause kept as text: its class name and message. A durable engine reads causes back
 * from storage this way (it keeps no exception objects), and the engine puts a copy of this kind,
 * with the original stack, in place of a cause whose text held a secret, the secret taken out. It
 * prints as the original class with its message; {@link #className()} names that class.
 */
public final class RecordedCause extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The original class's name. */
  private final String className;

  /**
   * Creates the cause.
   *
   * @param className the original class's fully qualified name
   * @param message its message, or {@code null}
   * @param cause its own recorded cause, or {@code null}
   */
  public RecordedCause(String className, String message, RecordedCause cause) {
    super(message, cause, false, false);
    this.className = className;
  }

  /** A copy of a live failure: with its stack trace. */
  private RecordedCause(String className, String message, RecordedCause cause, Throwable of) {
    super(message, cause, false, true);
    this.className = className;
    setStackTrace(of.getStackTrace());
  }

  /** Causes deeper than this are cut off when a failure is copied. */
  private static final int MAX_DEPTH = 16;

  /**
   * {@return a copy of a failure and its causes with a redaction applied to their messages}
   *
   * @param original the failure
   * @param redaction what takes the secrets out of a text
   */
  static RecordedCause redactedCopy(Throwable original, UnaryOperator<String> redaction) {
    return copy(original, redaction, 0);
  }

  private static RecordedCause copy(
      Throwable original, UnaryOperator<String> redaction, int depth) {
    Throwable cause = original.getCause();
    return new RecordedCause(
        original instanceof RecordedCause r ? r.className : original.getClass().getName(),
        redaction.apply(original.getMessage()),
        cause == null || cause == original || depth >= MAX_DEPTH
            ? null
            : copy(cause, redaction, depth + 1),
        original);
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

  /** {@return the fully qualified name of the class the recorded failure had} */
  public String className() {
    return className;
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return message == null ? className : className + ": " + message;
  }
}

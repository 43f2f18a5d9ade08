package dev.tyboo.error;

/**
 * The cause of a failure read back from storage: its class name and message as they were recorded
 * (a durable engine keeps no exception objects, only their text). It prints as the original class
 * with its message; {@link #className()} names that class.
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

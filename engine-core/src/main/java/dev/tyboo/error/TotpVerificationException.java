package dev.tyboo.error;

/**
 * A one-time password was refused. The reason says why; the message never repeats the code or the
 * secret.
 */
public class TotpVerificationException extends EngineException {
  private static final long serialVersionUID = 1L;

  /** Why the code was refused. */
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the code was refused
   * @param message what happened, for people, without the code
   */
  public TotpVerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** {@return why the code was refused} */
  public Reason reason() {
    return reason;
  }

  /** Why a code was refused. */
  public enum Reason {
    /** It is not a code of the expected number of digits. */
    MALFORMED,
    /** It matches no time step near now. */
    INVALID,
    /** It was valid a little while ago, but its time step is past the window. */
    EXPIRED,
    /** It was already used (its time step is not after the last accepted one). */
    REPLAYED
  }
}

package dev.tyboo.error;

/**
 * A throwable whose static initialiser records that it ran; JSON must load it without initialising
 * it.
 */
public class IOFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static {
    InitFlags.ioFailureInitialised = true;
  }

  /** Set by class initialisers of test classes; reading it initialises nothing else. */
  public static final class InitFlags {
    public static volatile boolean ioFailureInitialised;
  }
}

package dev.tyboo.error;

/**
 * An SPI implementation was asked for something it does not support (see its {@code
 * capabilities()}).
 */
public class UnsupportedCapabilityException extends EngineException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which capability, of which implementation
   */
  public UnsupportedCapabilityException(String message) {
    super(message);
  }
}

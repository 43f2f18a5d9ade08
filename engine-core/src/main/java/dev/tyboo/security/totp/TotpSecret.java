package dev.tyboo.security.totp;

import java.util.Arrays;

/**
 * A shared TOTP secret: the bytes both the authenticator app and the host hold. Store it encrypted
 * (the credential vault does). {@link #toString()} never shows it.
 */
public final class TotpSecret {

  private final byte[] bytes;

  private TotpSecret(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /**
   * {@return the secret with these bytes}
   *
   * @param bytes at least 16 bytes (RFC 4226 asks for 128 bits; 160 are recommended)
   * @throws IllegalArgumentException when shorter
   */
  public static TotpSecret ofBytes(byte[] bytes) {
    if (bytes.length < 16) {
      throw new IllegalArgumentException(
          "a TOTP secret needs at least 16 bytes, got " + bytes.length);
    }
    return new TotpSecret(bytes);
  }

  /**
   * {@return the secret written in base32, as authenticator apps show and take it}
   *
   * @param base32 RFC 4648 base32, case and spaces ignored, padding optional
   * @throws IllegalArgumentException when it is not base32 or decodes to fewer than 16 bytes
   */
  public static TotpSecret ofBase32(String base32) {
    return ofBytes(Base32.decode(base32));
  }

  /** {@return a copy of the bytes} */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@return the secret in base32 without padding, as {@code otpauth://} URIs carry it} */
  public String base32() {
    return Base32.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TotpSecret other && java.security.MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "TotpSecret[" + bytes.length + " bytes]";
  }
}

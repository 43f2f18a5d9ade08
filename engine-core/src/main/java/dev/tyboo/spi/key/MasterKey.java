package dev.tyboo.spi.key;

import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AES-256 key that wraps data keys, with the id stored next to everything it wrapped. {@link
 * #toString()} shows the id only.
 *
 * @param id a stable name for the key, such as {@code 2026-11}; letters, digits, {@code ._-}
 * @param key the 256-bit AES key
 */
public record MasterKey(String id, SecretKey key) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException when the id is malformed or the key is not 256-bit AES
   */
  public MasterKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "a master key id is 1 to 64 letters, digits, '.', '_' or '-': '" + id + "'");
    }
    byte[] encoded = key.getEncoded();
    if (!"AES".equalsIgnoreCase(key.getAlgorithm()) || encoded == null || encoded.length != 32) {
      throw new IllegalArgumentException(
          "master key '" + id + "' must be a 256-bit AES key (32 bytes)");
    }
  }

  /**
   * {@return a master key from raw bytes}
   *
   * @param id the key's id
   * @param bytes 32 bytes
   */
  public static MasterKey of(String id, byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          "master key '" + id + "' must be 32 bytes, got " + bytes.length);
    }
    return new MasterKey(id, new SecretKeySpec(bytes, "AES"));
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + "]";
  }
}

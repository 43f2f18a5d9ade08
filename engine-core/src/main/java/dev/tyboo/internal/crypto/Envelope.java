package dev.tyboo.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM envelope encryption: data encrypted under a fresh random data key, the data key
 * encrypted ("wrapped") under a master key. Each blob is {@code nonce (12 bytes) || ciphertext ||
 * tag (16 bytes)}; both carry associated data that binds them to their owner, so a blob moved to
 * another owner does not decrypt. Thread-safe.
 */
public final class Envelope {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecureRandom random;

  /**
   * Creates the envelope cipher.
   *
   * @param random where data keys and nonces come from
   */
  public Envelope(SecureRandom random) {
    this.random = random;
  }

  /** The two encrypted parts. */
  public record Sealed(byte[] wrappedKey, byte[] ciphertext) {}

  /** The data did not decrypt: tampered with, moved to another owner, or another key. */
  public static final class OpenFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    OpenFailedException(String message) {
      super(message);
    }
  }

  /**
   * {@return the data encrypted under a new data key, wrapped by the master key}
   *
   * @param masterKey the master key
   * @param keyId its id, bound into the wrapped key
   * @param owner what the data belongs to (tenant and id), bound into both blobs
   * @param plaintext the data
   */
  public Sealed seal(SecretKey masterKey, String keyId, String owner, byte[] plaintext) {
    byte[] dataKey = new byte[32];
    random.nextBytes(dataKey);
    try {
      byte[] ciphertext = encrypt(dataKey, aad("data", owner), plaintext);
      byte[] wrapped = encrypt(masterKey.getEncoded(), aad("key:" + keyId, owner), dataKey);
      return new Sealed(wrapped, ciphertext);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * {@return the data}
   *
   * @param masterKey the master key that wrapped the data key
   * @param keyId its id
   * @param owner what the data belongs to
   * @param sealed the two blobs
   * @throws OpenFailedException when either blob does not decrypt
   */
  public byte[] open(SecretKey masterKey, String keyId, String owner, Sealed sealed)
      throws OpenFailedException {
    byte[] dataKey =
        decrypt(masterKey.getEncoded(), aad("key:" + keyId, owner), sealed.wrappedKey());
    try {
      return decrypt(dataKey, aad("data", owner), sealed.ciphertext());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * {@return the same data key wrapped by another master key; the data itself is untouched}
   *
   * @param from the master key that wrapped it
   * @param fromId its id
   * @param to the new master key
   * @param toId its id
   * @param owner what the data belongs to
   * @param wrappedKey the wrapped data key
   * @throws OpenFailedException when it does not decrypt under {@code from}
   */
  public byte[] rewrap(
      SecretKey from, String fromId, SecretKey to, String toId, String owner, byte[] wrappedKey)
      throws OpenFailedException {
    byte[] dataKey = decrypt(from.getEncoded(), aad("key:" + fromId, owner), wrappedKey);
    try {
      return encrypt(to.getEncoded(), aad("key:" + toId, owner), dataKey);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private static byte[] aad(String purpose, String owner) {
    return ("tyboo-envelope-v1\u0000" + purpose + "\u0000" + owner)
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] encrypt(byte[] key, byte[] aad, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad);
      byte[] body = c.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + body.length).put(nonce).put(body).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  private static byte[] decrypt(byte[] key, byte[] aad, byte[] blob) throws OpenFailedException {
    if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new OpenFailedException("too short to be AES-GCM ciphertext");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
      c.updateAAD(aad);
      return c.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new OpenFailedException("the authentication tag does not match");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }
}

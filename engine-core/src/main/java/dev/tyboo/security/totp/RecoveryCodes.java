package dev.tyboo.security.totp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * One-time recovery codes for users who lost their authenticator: shown once in clear, stored only
 * as salted PBKDF2-HMAC-SHA256 hashes. Each code is 10 characters of base32 (50 random bits),
 * written as two groups of five ({@code K7QXM-2PLRA}); checking ignores case, spaces and dashes.
 * The host removes a hash once its code is used.
 *
 * @param codes the codes in clear, to show the user once
 * @param hashes their hashes, in the same order, to store
 */
public record RecoveryCodes(List<String> codes, List<String> hashes) {

  private static final int ITERATIONS = 50_000;
  private static final String SCHEME = "pbkdf2-sha256";

  /** Copies the lists. */
  public RecoveryCodes {
    codes = List.copyOf(codes);
    hashes = List.copyOf(hashes);
  }

  /**
   * {@return new random codes with their hashes}
   *
   * @param count how many, 1 to 50 (10 is usual)
   * @param random where the codes come from
   */
  public static RecoveryCodes generate(int count, SecureRandom random) {
    if (count < 1 || count > 50) {
      throw new IllegalArgumentException("count must be 1 to 50: " + count);
    }
    List<String> codes = new ArrayList<>(count);
    List<String> hashes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] raw = new byte[7];
      random.nextBytes(raw);
      String code = Base32.encode(raw).substring(0, 10);
      codes.add(code.substring(0, 5) + "-" + code.substring(5));
      hashes.add(hash(code, random));
    }
    return new RecoveryCodes(codes, hashes);
  }

  /**
   * {@return whether the code is the one the hash was made from} The comparison takes the same time
   * whatever the inputs; a malformed hash never matches.
   *
   * @param hash a hash from {@link #hashes()}
   * @param code what the user typed
   */
  public static boolean matches(String hash, String code) {
    String[] parts = hash.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, pbkdf2(normalize(code), salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String normalize(String code) {
    return code == null ? "" : code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }

  private static String hash(String code, SecureRandom random) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(pbkdf2(normalize(code), salt, ITERATIONS));
  }

  private static byte[] pbkdf2(String code, byte[] salt, int iterations) {
    try {
      SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      return f.generateSecret(new PBEKeySpec(code.toCharArray(), salt, iterations, 256))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "RecoveryCodes[" + codes.size() + " codes]";
  }
}

package dev.tyboo.internal.executor;

import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.execution.ExecutionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Resume tokens: {@code <executionId>.<128 random bits, base64url>}. The execution id lets a store
 * find the waiting node without an index; the random part makes the token unguessable.
 */
public final class ResumeTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ResumeTokens() {}

  static String newToken(ExecutionId id) {
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    return id.value() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /**
   * {@return the execution a token belongs to}
   *
   * @param token a resume token
   * @throws ResumeTokenException when the token is malformed
   */
  public static ExecutionId executionOf(String token) {
    int dot = token == null ? -1 : token.lastIndexOf('.');
    if (dot <= 0 || dot == token.length() - 1) {
      throw new ResumeTokenException("malformed resume token '" + abbreviate(token) + "'");
    }
    return ExecutionId.of(token.substring(0, dot));
  }

  /** {@return whether two tokens are equal, in time independent of where they differ} */
  static boolean same(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@return the token with its secret part hidden, for messages}
   *
   * @param token a resume token, or {@code null}
   */
  public static String abbreviate(String token) {
    if (token == null) {
      return "null";
    }
    int dot = token.lastIndexOf('.');
    return dot < 0 ? "<" + token.length() + " chars>" : token.substring(0, dot) + ".***";
  }
}

package dev.tyboo.nodes.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a {@link WebhookDispatcher} checks a Webhook node's requests with the secrets it holds: a
 * header token or Basic credentials before the body is read, an HMAC-SHA256 signature of the raw
 * body after; comparisons take the same time wherever the values differ, and no answer says which
 * part was wrong.
 */
final class WebhookAuthentication {

  private final Map<String, byte[]> secrets;

  WebhookAuthentication(Map<String, byte[]> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  /** {@return whether it holds a secret of that name} */
  boolean holds(String name) {
    return secrets.containsKey(name);
  }

  /** {@return the names of the secrets it holds, sorted} */
  java.util.Set<String> names() {
    return new java.util.TreeSet<>(secrets.keySet());
  }

  boolean beforeBody(WebhookEndpoint endpoint, WebhookRequest request) {
    return switch (endpoint.authentication()) {
      case "headerToken" -> {
        String token = request.header(endpoint.headerName());
        yield token != null && equal(token.getBytes(StandardCharsets.UTF_8), secret(endpoint));
      }
      case "basic" -> {
        String auth = request.header("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
          yield false;
        }
        byte[] given;
        try {
          given = Base64.getDecoder().decode(auth.substring(6).strip());
        } catch (IllegalArgumentException e) {
          yield false;
        }
        yield equal(given, secret(endpoint));
      }
      case "hmac" -> request.header(endpoint.headerName()) != null; // checked after the body
      default -> true;
    };
  }

  boolean signatureMatches(WebhookEndpoint endpoint, WebhookRequest request, Mac mac) {
    String given = request.header(endpoint.headerName()).strip();
    if (given.regionMatches(true, 0, "sha256=", 0, 7)) {
      given = given.substring(7);
    }
    byte[] expected = HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII);
    return equal(given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII), expected);
  }

  private static boolean equal(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b); // time does not depend on where they differ
  }

  byte[] secret(WebhookEndpoint endpoint) {
    return secrets.get(endpoint.secret());
  }

  static WebhookResponse unauthorized(WebhookEndpoint endpoint) {
    Map<String, List<String>> headers =
        "basic".equals(endpoint.authentication())
            ? Map.of("www-authenticate", List.of("Basic realm=\"webhook\", charset=\"UTF-8\""))
            : Map.of();
    return WebhookResponse.json(401, headers, Map.of("error", "authentication failed"));
  }

  Mac newMac(WebhookEndpoint endpoint) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret(endpoint), "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}

package dev.tyboo.nodes.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.json.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One request to a {@link WebhookTrigger}, its body read: what the trigger checks the signature of
 * and reads the event from. The secret stays inside; the trigger compares against it with the
 * constant-time methods here.
 */
public final class WebhookDelivery {

  private static final ObjectMapper JSON = JsonMappers.standard();

  private final WebhookRequest request;
  private final byte[] body;
  private final byte[] secret;
  private final Instant receivedAt;

  WebhookDelivery(WebhookRequest request, byte[] body, byte[] secret, Instant receivedAt) {
    this.request = request;
    this.body = body;
    this.secret = secret;
    this.receivedAt = receivedAt;
  }

  /**
   * {@return a header's first value, or {@code null}}
   *
   * @param name its name, in any case
   */
  public String header(String name) {
    return request.header(name);
  }

  /** {@return when the dispatcher received it, by the engine's clock} */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** {@return the body's length in bytes} */
  public int bodyLength() {
    return body.length;
  }

  /** {@return the body parsed as a JSON object, or {@code null} when it is not one} */
  public Map<String, Object> jsonObject() {
    try {
      Object value = JSON.readValue(body, Object.class);
      if (value instanceof Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
      }
      return null;
    } catch (IOException e) { // malformed, or nested deeper than the parser allows
      return null;
    }
  }

  /**
   * {@return whether a hex HMAC-SHA256 signature matches: keyed by the secret, over the prefix's
   * UTF-8 bytes followed by the raw body; compared in constant time, hex in any case}
   *
   * @param givenHex the signature the request carries, without its scheme prefix ({@code sha256=},
   *     {@code v0=})
   * @param prefix what the service signs before the body, e.g. {@code "v0:<timestamp>:"}; empty for
   *     none
   */
  public boolean hmacSha256Matches(String givenHex, String prefix) {
    if (givenHex == null || secret == null) {
      return false;
    }
    Mac mac;
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
    mac.update(prefix.getBytes(StandardCharsets.UTF_8));
    byte[] expected =
        HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
    byte[] given = givenHex.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, expected);
  }

  /**
   * {@return whether a token equals the secret, compared in constant time}
   *
   * @param token the token the request carries, or {@code null}
   */
  public boolean secretEquals(String token) {
    return token != null
        && secret != null
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), secret);
  }
}

package dev.tyboo.nodes.storage.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for requests signed in their {@code Authorization} header, as the S3 API
 * reference describes it ("Signature Calculations for the Authorization Header"): a canonical
 * request (method, URI path, sorted query, sorted lower-case headers, signed header names, payload
 * hash), the string to sign with the date and scope, and an HMAC-SHA256 key derived from the
 * secret, the date, the region and the service.
 */
final class SigV4 {

  /** The hash of an empty payload. */
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** The payload hash that leaves a streamed body unsigned (S3 accepts it). */
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SigV4() {}

  /**
   * {@return the {@code Authorization} header value}
   *
   * @param method the HTTP method
   * @param path the URI path, already percent-encoded as sent
   * @param query the query parameters, not encoded; sorted and encoded here
   * @param headers the headers to sign (names in any case), {@code host} and {@code x-amz-date}
   *     among them
   * @param payloadHash the hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
   * @param accessKey the access key id
   * @param secretKey the secret access key
   * @param region e.g. {@code us-east-1}
   * @param service e.g. {@code s3}
   * @param at the request's time, the same as {@code x-amz-date}
   */
  static String authorization(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      String payloadHash,
      String accessKey,
      String secretKey,
      String region,
      String service,
      Instant at) {
    TreeMap<String, String> canonicalHeaders = new TreeMap<>();
    headers.forEach(
        (name, value) ->
            canonicalHeaders.put(
                name.toLowerCase(Locale.ROOT), value.strip().replaceAll("\\s+", " ")));
    StringBuilder headerLines = new StringBuilder();
    canonicalHeaders.forEach((n, v) -> headerLines.append(n).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", canonicalHeaders.keySet());
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(query).forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v == null ? "" : v)));
    String canonicalRequest =
        method
            + "\n"
            + (path.isEmpty() ? "/" : path)
            + "\n"
            + String.join("&", pairs)
            + "\n"
            + headerLines
            + "\n"
            + signedHeaders
            + "\n"
            + payloadHash;
    String date = AMZ_DATE.format(at).substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + AMZ_DATE.format(at)
            + "\n"
            + scope
            + "\n"
            + sha256Hex(canonicalRequest);
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = HexFormat.of().formatHex(hmac(key, stringToSign));
    return "AWS4-HMAC-SHA256 Credential="
        + accessKey
        + "/"
        + scope
        + ",SignedHeaders="
        + signedHeaders
        + ",Signature="
        + signature;
  }

  /**
   * {@return a value percent-encoded as SigV4 wants: everything but {@code A-Z a-z 0-9 - _ . ~}}
   *
   * @param value the value
   */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /**
   * {@return an object key as a URI path: each segment encoded, the slashes kept}
   *
   * @param key the key
   */
  static String encodePath(String key) {
    StringJoiner path = new StringJoiner("/");
    for (String segment : key.split("/", -1)) {
      path.add(encode(segment));
    }
    return path.toString();
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}

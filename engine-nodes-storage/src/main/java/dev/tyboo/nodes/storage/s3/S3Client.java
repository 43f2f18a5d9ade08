package dev.tyboo.nodes.storage.s3;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.NodeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed requests to one S3-compatible endpoint, from an {@code s3} credential: {@code
 * accessKeyId}, {@code secretAccessKey}, {@code region} ({@code us-east-1}), {@code endpoint}
 * (AWS's regional endpoint by default; any S3-compatible service: MinIO, Cloudflare R2, Backblaze
 * B2, ...), {@code pathStyle} (bucket in the path rather than the host; the default with a custom
 * endpoint). Failures are typed from S3's XML error: an access or signature refusal and a missing
 * bucket or key fail without retry, {@code SlowDown} and 5xx retry. The secret never appears in a
 * message.
 */
final class S3Client {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // what S3 speaks; the Host header is signed
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
  private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final URI endpoint;
  private final boolean pathStyle;
  private final java.util.function.Supplier<Instant> clock;

  S3Client(Map<String, Object> credential, java.util.function.Supplier<Instant> clock) {
    if (!(credential.get("accessKeyId") instanceof String a) || a.isBlank()) {
      throw NodeFailure.of("s3 credential needs an 'accessKeyId'");
    }
    if (!(credential.get("secretAccessKey") instanceof String s) || s.isBlank()) {
      throw NodeFailure.of("s3 credential needs a 'secretAccessKey'");
    }
    this.accessKey = a;
    this.secretKey = s;
    this.region = String.valueOf(credential.getOrDefault("region", "us-east-1"));
    Object configured = credential.get("endpoint");
    this.endpoint =
        URI.create(
            configured instanceof String e && !e.isBlank()
                ? e.replaceAll("/+$", "")
                : "https://s3." + region + ".amazonaws.com");
    this.pathStyle = credential.get("pathStyle") instanceof Boolean b ? b : configured != null;
    this.clock = clock;
  }

  /**
   * {@return the URI of a bucket, or of a key in it}
   *
   * @param bucket the bucket
   * @param key the key, or {@code null} for the bucket
   * @param query the query, not encoded
   * @param item the item index, for errors
   */
  URI uri(String bucket, String key, Map<String, String> query, int item) {
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw NodeFailure.badParameter("bucket", item, "must be an S3 bucket name", bucket);
    }
    if (key != null && (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > 1024)) {
      throw NodeFailure.badParameter("key", item, "must be 1 to 1024 bytes", key);
    }
    String path = key == null ? "" : "/" + SigV4.encodePath(key);
    StringJoiner q = new StringJoiner("&");
    new java.util.TreeMap<>(query)
        .forEach((k, v) -> q.add(SigV4.encode(k) + "=" + SigV4.encode(v)));
    String suffix = q.length() == 0 ? "" : "?" + q;
    if (pathStyle) {
      return URI.create(endpoint + "/" + bucket + (path.isEmpty() ? "/" : path) + suffix);
    }
    return URI.create(
        endpoint.getScheme()
            + "://"
            + bucket
            + "."
            + endpoint.getRawAuthority()
            + (path.isEmpty() ? "/" : path)
            + suffix);
  }

  /**
   * Sends a signed request.
   *
   * @param method GET, PUT, DELETE
   * @param uri from {@link #uri}
   * @param query the same query, not encoded, for the signature
   * @param headers more headers to sign (content type)
   * @param body the body, or {@code null}
   * @param length the body's length
   * @param item the item index
   * @return the 2xx response, its body unread
   */
  HttpResponse<InputStream> send(
      String method,
      URI uri,
      Map<String, String> query,
      Map<String, String> headers,
      HttpRequest.BodyPublisher body,
      long length,
      int item)
      throws InterruptedException {
    Instant now = clock.get();
    Map<String, String> signed = new LinkedHashMap<>(headers);
    String host = uri.getRawAuthority();
    signed.put("host", host);
    signed.put("x-amz-date", SigV4.AMZ_DATE.format(now));
    String payload = body == null ? SigV4.EMPTY_SHA256 : SigV4.UNSIGNED_PAYLOAD;
    signed.put("x-amz-content-sha256", payload);
    String authorization =
        SigV4.authorization(
            method,
            uri.getRawPath(),
            query,
            signed,
            payload,
            accessKey,
            secretKey,
            region,
            "s3",
            now);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(30))
            .header("Authorization", authorization);
    signed.forEach(
        (name, value) -> {
          if (!name.equals("host")) {
            request.header(name, value);
          }
        });
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.fromPublisher(body, length));
    HttpResponse<InputStream> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RetryableNodeException(
          "S3 at " + endpoint.getHost() + " cannot be reached: " + e.getMessage(), item, null, e);
    }
    if (response.statusCode() / 100 == 2) {
      return response;
    }
    String xml;
    try (InputStream in = response.body()) {
      xml = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      xml = "";
    }
    throw failure(response.statusCode(), xml, response, item);
  }

  private static RuntimeException failure(
      int status, String xml, HttpResponse<?> response, int item) {
    String code = find(ERROR_CODE, xml);
    String message = find(ERROR_MESSAGE, xml);
    String detail =
        "S3 answered HTTP "
            + status
            + (code.isEmpty() ? "" : " " + code)
            + (message.isEmpty() ? "" : ": " + message);
    if (status == 503 || status >= 500 || status == 429 || code.equals("SlowDown")) {
      Duration wait =
          response.headers().firstValue("Retry-After").map(S3Client::seconds).orElse(null);
      return new RetryableNodeException(detail, item, wait, null);
    }
    return new NonRetryableNodeException(detail, item, null);
  }

  private static Duration seconds(String value) {
    try {
      return Duration.ofSeconds(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String find(Pattern pattern, String xml) {
    Matcher m = pattern.matcher(xml);
    return m.find() ? m.group(1) : "";
  }
}

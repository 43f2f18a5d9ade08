package dev.tyboo.ai.internal;

import dev.tyboo.security.network.NetworkPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent's HTTP tool: a request whose URL template's {@code {name}} placeholders take the model's
 * arguments (URL-encoded); the other arguments are the JSON body of a POST, PUT or PATCH, or query
 * parameters of a GET or DELETE. The host is checked against the engine's network policy; no
 * redirect is followed; the answer is read up to a bound.
 */
public final class HttpTool {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private HttpTool() {}

  /**
   * Makes the call.
   *
   * @param method the HTTP method
   * @param urlTemplate the URL, with {@code {argument}} placeholders
   * @param headers fixed headers from the workflow
   * @param arguments the model's arguments
   * @param idempotencyKey sent as {@code Idempotency-Key}
   * @param policy the engine's network policy
   * @param tenant the workflow's tenant
   * @param timeout the call's time limit
   * @param maxChars the most characters of the answer kept
   * @return {@code {status, body}}: the body parsed when it is JSON, else text
   * @throws IOException when the call fails or answers with an error status (its message says)
   * @throws InterruptedException when the thread is interrupted while waiting for the answer
   */
  public static Map<String, Object> call(
      String method,
      String urlTemplate,
      Map<String, String> headers,
      Map<String, Object> arguments,
      String idempotencyKey,
      NetworkPolicy policy,
      String tenant,
      Duration timeout,
      int maxChars)
      throws IOException, InterruptedException {
    Map<String, Object> rest = new LinkedHashMap<>(arguments);
    Matcher m = PLACEHOLDER.matcher(urlTemplate);
    StringBuilder url = new StringBuilder();
    while (m.find()) {
      Object value = rest.remove(m.group(1));
      if (value == null) {
        throw new IOException("argument '" + m.group(1) + "' is missing");
      }
      m.appendReplacement(
          url,
          Matcher.quoteReplacement(
              URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)
                  .replace("+", "%20")));
    }
    m.appendTail(url);
    String verb = method.toUpperCase(java.util.Locale.ROOT);
    if (!WITH_BODY.contains(verb) && !rest.isEmpty()) {
      StringBuilder query = new StringBuilder(url.indexOf("?") < 0 ? "?" : "&");
      rest.forEach(
          (k, v) ->
              query
                  .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                  .append('=')
                  .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8))
                  .append('&'));
      url.append(query, 0, query.length() - 1);
    }
    URI uri = URI.create(url.toString());
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IOException("only http and https URLs are called, not " + uri.getScheme());
    }
    if (policy.blocksPrivateNetworks(tenant)) {
      policy.check(uri.getHost());
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Idempotency-Key", idempotencyKey);
    headers.forEach(b::header);
    if (WITH_BODY.contains(verb)) {
      b.header("Content-Type", "application/json")
          .method(
              verb,
              HttpRequest.BodyPublishers.ofString(
                  dev.tyboo.json.JsonMappers.standard().writeValueAsString(rest)));
    } else {
      b.method(verb, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<InputStream> response =
        CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    String body;
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(maxChars * 4 + 4);
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    if (body.length() > maxChars) {
      body = body.substring(0, maxChars) + "... (cut at " + maxChars + " characters)";
    }
    if (response.statusCode() >= 400) {
      throw new IOException("HTTP " + response.statusCode() + ": " + body);
    }
    Object parsed = body;
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.contains("json")) {
      try {
        parsed = dev.tyboo.json.JsonMappers.standard().readValue(body, Object.class);
      } catch (IOException e) {
        parsed = body; // cut or malformed: the text
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", response.statusCode());
    out.put("body", parsed);
    return out;
  }
}

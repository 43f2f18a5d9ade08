package dev.tyboo.nodes.internal;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One call of a service's HTTP API (Slack, GitHub, Notion, ...): JSON in, JSON out, with the
 * failures typed the same way for every service: 401 and 403 fail without retry, unless a 403 says
 * a rate limit is spent ({@code X-RateLimit-Remaining: 0} or a {@code Retry-After}, as GitHub
 * does); 429 and 5xx retry, honouring {@code Retry-After} or {@code X-RateLimit-Reset}; anything
 * else fails without retry quoting the service. Tokens never appear in a message. Redirects are not
 * followed; answers are read up to {@link #MAX_RESPONSE_BYTES}.
 */
public final class ApiCall {

  /** The longest answer read. */
  public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private ApiCall() {}

  /**
   * A service's answer.
   *
   * @param status its HTTP status
   * @param body its JSON body: a map, a list, or an empty map when it had none
   * @param headers its headers
   */
  public record Answer(int status, Object body, java.net.http.HttpHeaders headers) {

    /** {@return the body when it is a JSON object, else an empty map} */
    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
      return body instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** {@return the body when it is a JSON array, else an empty list} */
    public java.util.List<?> array() {
      return body instanceof java.util.List<?> l ? l : java.util.List.of();
    }

    /**
     * {@return the URL of the {@code rel="next"} page in a {@code Link} header, or {@code null}}
     */
    public String nextLink() {
      for (String link : headers.allValues("Link")) {
        for (String part : link.split(",")) {
          String[] pieces = part.split(";");
          if (pieces.length > 1
              && part.contains("rel=\"next\"")
              && pieces[0].strip().startsWith("<")
              && pieces[0].strip().endsWith(">")) {
            String url = pieces[0].strip();
            return url.substring(1, url.length() - 1);
          }
        }
      }
      return null;
    }
  }

  /**
   * POSTs a JSON body.
   *
   * @param service the service's name, for messages
   * @param uri where
   * @param headers extra headers (authorization)
   * @param body the JSON value
   * @param item the item index, for errors
   * @return the answer, when its status is 2xx
   * @throws InterruptedException when interrupted
   */
  public static Answer post(
      String service, URI uri, Map<String, String> headers, Object body, int item)
      throws InterruptedException {
    return call(service, "POST", uri, headers, body, item);
  }

  /**
   * Sends a JSON body with any method.
   *
   * @param service the service's name, for messages
   * @param method POST, PATCH, PUT, DELETE
   * @param uri where
   * @param headers extra headers (authorization)
   * @param body the JSON value
   * @param item the item index, for errors
   * @return the answer, when its status is 2xx
   * @throws InterruptedException when interrupted
   */
  public static Answer call(
      String service, String method, URI uri, Map<String, String> headers, Object body, int item)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json; charset=utf-8");
    headers.forEach(request::header);
    try {
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an item value is not JSON", e);
    }
    return send(service, request.build(), item);
  }

  /**
   * GETs a JSON answer.
   *
   * @param service the service's name, for messages
   * @param uri where
   * @param headers extra headers (authorization)
   * @param item the item index, for errors
   * @return the answer, when its status is 2xx
   * @throws InterruptedException when interrupted
   */
  public static Answer get(String service, URI uri, Map<String, String> headers, int item)
      throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    headers.forEach(request::header);
    return send(service, request.build(), item);
  }

  /**
   * Sends a request and types its failure.
   *
   * @param service the service's name, for messages
   * @param request the request
   * @param item the item index, for errors
   * @return the answer, when its status is 2xx
   * @throws InterruptedException when interrupted
   */
  public static Answer send(String service, HttpRequest request, int item)
      throws InterruptedException {
    HttpResponse<java.io.InputStream> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RetryableNodeException(
          service + " cannot be reached: " + e.getMessage(), item, null, e);
    }
    Object parsed;
    try (java.io.InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new NonRetryableNodeException(
            service + " answered with more than " + MAX_RESPONSE_BYTES + " bytes", item, null);
      }
      parsed = bytes.length == 0 ? Map.of() : JSON.readValue(bytes, Object.class);
    } catch (IOException e) {
      parsed = Map.of(); // not JSON: judged by its status below
    }
    Map<String, Object> json = new Answer(0, parsed, response.headers()).json();
    var headers = response.headers();
    Duration retryAfter =
        headers.firstValue("Retry-After").map(ApiCall::seconds).orElse(retryAfter(json));
    if (retryAfter == null && "0".equals(headers.firstValue("X-RateLimit-Remaining").orElse(""))) {
      retryAfter = untilReset(headers.firstValue("X-RateLimit-Reset").orElse(""));
    }
    int status = response.statusCode();
    if (status == 403 && (retryAfter != null || headers.firstValue("Retry-After").isPresent())) {
      status = 429; // GitHub's spent rate limit: wait, then retry
    }
    if (status == 401 || status == 403) {
      throw new NonRetryableNodeException(
          service + " refused the credential (HTTP " + status + ")" + detail(json), item, null);
    }
    if (status == 429 || status >= 500) {
      throw new RetryableNodeException(
          service + " answered HTTP " + status + detail(json), item, retryAfter, null);
    }
    if (status >= 300) {
      throw new NonRetryableNodeException(
          service + " refused the request (HTTP " + status + ")" + detail(json), item, null);
    }
    return new Answer(status, parsed, headers);
  }

  /** Discord and Telegram also say it in the body: {@code retry_after} in seconds. */
  private static Duration retryAfter(Map<String, Object> json) {
    Object value = json.get("retry_after");
    if (value == null && json.get("parameters") instanceof Map<?, ?> p) {
      value = p.get("retry_after");
    }
    return value instanceof Number n ? Duration.ofMillis((long) (n.doubleValue() * 1000)) : null;
  }

  private static Duration untilReset(String epochSeconds) {
    try {
      long wait = Long.parseLong(epochSeconds.trim()) - System.currentTimeMillis() / 1000;
      return Duration.ofSeconds(Math.max(1, Math.min(wait, 3600)));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(60);
    }
  }

  private static Duration seconds(String value) {
    try {
      return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String detail(Map<String, Object> json) {
    Object message =
        json.getOrDefault("error", json.getOrDefault("description", json.get("message")));
    return message == null ? "" : ": " + message;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

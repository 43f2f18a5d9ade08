package dev.tyboo.nodes.chat;

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
 * One call of a chat service's HTTP API: JSON in, JSON out, with the failures typed the same way
 * for every service: 401 and 403 (or the service's own "bad token" answer) fail without retry, 429
 * and 5xx retry, honouring {@code Retry-After}, anything else fails without retry quoting the
 * service. Tokens never appear in a message. Redirects are not followed.
 */
final class ApiCall {

  /** The longest answer read. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private ApiCall() {}

  /** A service's answer: its status, its JSON body, its Retry-After. */
  record Answer(int status, Map<String, Object> json, Duration retryAfter) {}

  static Answer post(String service, URI uri, Map<String, String> headers, Object body, int item)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json; charset=utf-8");
    headers.forEach(request::header);
    try {
      request.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an item value is not JSON", e);
    }
    return send(service, request.build(), item);
  }

  static Answer get(String service, URI uri, Map<String, String> headers, int item)
      throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    headers.forEach(request::header);
    return send(service, request.build(), item);
  }

  static Answer send(String service, HttpRequest request, int item) throws InterruptedException {
    HttpResponse<java.io.InputStream> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RetryableNodeException(
          service + " cannot be reached: " + e.getMessage(), item, null, e);
    }
    Map<String, Object> json;
    try (java.io.InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new NonRetryableNodeException(
            service + " answered with more than " + MAX_RESPONSE_BYTES + " bytes", item, null);
      }
      json = bytes.length == 0 ? Map.of() : JSON.readValue(bytes, MAP);
    } catch (IOException e) {
      json = Map.of(); // not JSON: judged by its status below
    }
    Duration retryAfter =
        response.headers().firstValue("Retry-After").map(ApiCall::seconds).orElse(retryAfter(json));
    int status = response.statusCode();
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
    return new Answer(status, json, retryAfter);
  }

  /** Discord and Telegram also say it in the body: {@code retry_after} in seconds. */
  private static Duration retryAfter(Map<String, Object> json) {
    Object value = json.get("retry_after");
    if (value == null && json.get("parameters") instanceof Map<?, ?> p) {
      value = p.get("retry_after");
    }
    return value instanceof Number n ? Duration.ofMillis((long) (n.doubleValue() * 1000)) : null;
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

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

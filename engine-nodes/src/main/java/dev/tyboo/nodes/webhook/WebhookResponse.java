package dev.tyboo.nodes.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.json.JsonMappers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the host's HTTP layer sends back for a {@link WebhookRequest}.
 *
 * @param status the HTTP status code
 * @param headers header values by lower-case name (always a {@code content-type} when there is a
 *     body)
 * @param body the body bytes; empty for none
 */
public record WebhookResponse(int status, Map<String, List<String>> headers, byte[] body) {

  private static final ObjectMapper JSON = JsonMappers.standard();

  /** Validates and copies the components; lower-cases header names. */
  public WebhookResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 100-599, was " + status);
    }
    headers = Headers.lowerCased(Objects.requireNonNull(headers, "headers"));
    body = Objects.requireNonNull(body, "body").clone();
  }

  /** {@return a copy of the body bytes} */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body decoded as UTF-8} */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * {@return the first value of a header, or {@code null}}
   *
   * @param name the header name, in any case
   */
  public String header(String name) {
    return Headers.first(headers, name);
  }

  /**
   * {@return a response with a JSON body}
   *
   * @param status the HTTP status
   * @param value a JSON value (maps, lists, strings, numbers, booleans, null)
   */
  public static WebhookResponse json(int status, Object value) {
    return json(status, Map.of(), value);
  }

  /**
   * {@return a response with a JSON body and extra headers}
   *
   * @param status the HTTP status
   * @param headers extra headers; a {@code content-type} among them wins
   * @param value a JSON value
   */
  public static WebhookResponse json(int status, Map<String, List<String>> headers, Object value) {
    try {
      return withBody(status, headers, "application/json", JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON value: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@return a response with a text body}
   *
   * @param status the HTTP status
   * @param headers extra headers; a {@code content-type} among them wins
   * @param text the body, sent as UTF-8
   */
  public static WebhookResponse text(int status, Map<String, List<String>> headers, String text) {
    return withBody(
        status, headers, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@return a response without a body}
   *
   * @param status the HTTP status
   * @param headers headers to send
   */
  public static WebhookResponse empty(int status, Map<String, List<String>> headers) {
    return new WebhookResponse(status, headers, new byte[0]);
  }

  private static WebhookResponse withBody(
      int status, Map<String, List<String>> headers, String contentType, byte[] body) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((name, values) -> h.put(name.toLowerCase(Locale.ROOT), values));
    h.putIfAbsent("content-type", List.of(contentType));
    return new WebhookResponse(status, h, body);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookResponse r
        && status == r.status
        && headers.equals(r.headers)
        && java.util.Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "WebhookResponse[status="
        + status
        + ", headers="
        + headers
        + ", body="
        + body.length
        + " bytes]";
  }
}

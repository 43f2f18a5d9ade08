package dev.tyboo.nodes.internal;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.NodeContext;
import java.io.IOException;
import java.io.InputStream;
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
    return check(service, exchange(service, request, item), item);
  }

  /** Builds a request around an access token; called again with a new token after a 401. */
  @FunctionalInterface
  public interface Authorized {
    /**
     * {@return the request}
     *
     * @param accessToken the bearer token
     */
    HttpRequest request(String accessToken);
  }

  /**
   * Sends a request with an OAuth2 bearer token of a credential ({@link OAuth2Tokens}); when the
   * service answers 401, renews the token once and sends again, then types the failure.
   *
   * @param ctx the node's context
   * @param credentialType the OAuth2 credential type
   * @param defaults the credential fields the service fixes unless set ({@code tokenUrl}, ...)
   * @param service the service's name, for messages
   * @param item the item index, for errors
   * @param request builds the request around a token
   * @return the answer, when its status is 2xx
   * @throws InterruptedException when interrupted
   */
  public static Answer oauth2(
      NodeContext ctx,
      String credentialType,
      Map<String, Object> defaults,
      String service,
      int item,
      Authorized request)
      throws InterruptedException {
    OAuth2Tokens.Sender tokens = r -> HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    String token = OAuth2Tokens.accessToken(ctx, credentialType, defaults, tokens, item, false);
    Answer answer = exchange(service, request.request(token), item);
    if (answer.status() == 401) {
      token = OAuth2Tokens.accessToken(ctx, credentialType, defaults, tokens, item, true);
      answer = exchange(service, request.request(token), item);
    }
    return check(service, answer, item);
  }

  /**
   * Sends a JSON body (or none) with an OAuth2 bearer token, as {@link #oauth2} does.
   *
   * @param ctx the node's context
   * @param credentialType the OAuth2 credential type
   * @param defaults the credential fields the service fixes unless set
   * @param service the service's name, for messages
   * @param item the item index, for errors
   * @param method GET, POST, PUT, PATCH, DELETE
   * @param uri where
   * @param body the JSON value, or {@code null} for none
   * @return the answer, when its status is 2xx
   * @throws InterruptedException when interrupted
   */
  public static Answer oauth2Json(
      NodeContext ctx,
      String credentialType,
      Map<String, Object> defaults,
      String service,
      int item,
      String method,
      URI uri,
      Object body)
      throws InterruptedException {
    byte[] json;
    try {
      json = body == null ? null : JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an item value is not JSON", e);
    }
    return oauth2(
        ctx,
        credentialType,
        defaults,
        service,
        item,
        token -> {
          HttpRequest.Builder r =
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "application/json");
          if (json == null) {
            return r.method(method, HttpRequest.BodyPublishers.noBody()).build();
          }
          return r.header("Content-Type", "application/json; charset=utf-8")
              .method(method, HttpRequest.BodyPublishers.ofByteArray(json))
              .build();
        });
  }

  /**
   * Like {@link #oauth2}, for a download: the body is not read but handed back as a stream, which
   * the caller must close. Redirects (a service's pre-authorized download URL) are followed, at
   * most three, without the token.
   *
   * @param ctx the node's context
   * @param credentialType the OAuth2 credential type
   * @param defaults the credential fields the service fixes unless set
   * @param service the service's name, for messages
   * @param item the item index, for errors
   * @param request builds the request around a token
   * @return the 2xx response, its body unread
   * @throws InterruptedException when interrupted
   */
  public static HttpResponse<InputStream> oauth2Download(
      NodeContext ctx,
      String credentialType,
      Map<String, Object> defaults,
      String service,
      int item,
      Authorized request)
      throws InterruptedException {
    OAuth2Tokens.Sender tokens = r -> HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    HttpRequest first =
        request.request(
            OAuth2Tokens.accessToken(ctx, credentialType, defaults, tokens, item, false));
    HttpResponse<InputStream> response = stream(service, first, item);
    if (response.statusCode() == 401) {
      close(response);
      first =
          request.request(
              OAuth2Tokens.accessToken(ctx, credentialType, defaults, tokens, item, true));
      response = stream(service, first, item);
    }
    for (int hops = 0;
        hops < 3
            && response.statusCode() / 100 == 3
            && response.headers().firstValue("Location").isPresent();
        hops++) {
      URI next = first.uri().resolve(response.headers().firstValue("Location").get());
      close(response);
      response =
          stream(
              service,
              HttpRequest.newBuilder(next).timeout(Duration.ofMinutes(10)).GET().build(),
              item);
    }
    if (response.statusCode() / 100 == 2) {
      return response;
    }
    Object parsed = read(service, response, item);
    check(service, new Answer(response.statusCode(), parsed, response.headers()), item);
    throw new NonRetryableNodeException(
        service + " answered HTTP " + response.statusCode() + " to a download", item, null);
  }

  private static HttpResponse<InputStream> stream(String service, HttpRequest request, int item)
      throws InterruptedException {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RetryableNodeException(
          service + " cannot be reached: " + e.getMessage(), item, null, e);
    }
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // the connection goes back or away either way
    }
  }

  /** Sends a request and reads its JSON answer, whatever its status. */
  private static Answer exchange(String service, HttpRequest request, int item)
      throws InterruptedException {
    HttpResponse<InputStream> response = stream(service, request, item);
    return new Answer(response.statusCode(), read(service, response, item), response.headers());
  }

  private static Object read(String service, HttpResponse<InputStream> response, int item) {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new NonRetryableNodeException(
            service + " answered with more than " + MAX_RESPONSE_BYTES + " bytes", item, null);
      }
      return bytes.length == 0 ? Map.of() : JSON.readValue(bytes, Object.class);
    } catch (IOException e) {
      return Map.of(); // not JSON: judged by its status
    }
  }

  /** Types a failed answer; returns a 2xx one. */
  private static Answer check(String service, Answer answer, int item) {
    Map<String, Object> json = answer.json();
    var headers = answer.headers();
    Duration retryAfter = RetryAfter.of(headers).orElse(retryAfter(json));
    if (retryAfter == null && "0".equals(headers.firstValue("X-RateLimit-Remaining").orElse(""))) {
      retryAfter = untilReset(headers.firstValue("X-RateLimit-Reset").orElse(""));
    }
    int status = answer.status();
    if (status == 403 && retryAfter != null) {
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
    return answer;
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

  /** The service's own words: {@code error} (or its {@code message}), {@code description}, ... */
  private static String detail(Map<String, Object> json) {
    Object message =
        json.getOrDefault("error", json.getOrDefault("description", json.get("message")));
    if (message instanceof Map<?, ?> error && error.get("message") != null) {
      message = error.get("message"); // Google, Microsoft Graph, Airtable
    } else if (message instanceof Map<?, ?> || message instanceof java.util.List<?>) {
      message = json.get("message");
    } else if ("error".equals(json.get("object")) && json.get("message") != null) {
      message = json.get("message"); // Notion
    }
    return message == null ? "" : ": " + message;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

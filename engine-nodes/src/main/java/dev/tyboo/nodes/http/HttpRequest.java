package dev.tyboo.nodes.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Sends one HTTP request per input item (JSON type {@code httpRequest}) with the JDK's {@link
 * HttpClient}; every parameter may use expressions, which see that item.
 *
 * <ul>
 *   <li>{@code method} (GET by default), {@code url}, {@code query} and {@code headers} (objects of
 *       names to values), {@code body} with {@code bodyType} {@code json} (the default when a body
 *       is given), {@code text} or {@code form};
 *   <li>{@code responseFormat}: {@code json} (an object becomes the item, an array one item per
 *       element), {@code text} ({@code {"data": "..."}}) or {@code binary}: streamed into the
 *       binary store as attachment {@code binaryProperty}, so a large download never sits in the
 *       heap; {@code fullResponse} wraps the result with {@code statusCode} and {@code headers};
 *   <li>{@code timeoutMillis} per request (30 s by default);
 *   <li>errors: 429 and 503 (and other 5xx) are retryable and carry the server's {@code
 *       Retry-After}; other 4xx are not; the message names method, URL, status, some headers and
 *       the first 1,000 characters of the body;
 *   <li>{@code blockPrivateNetworks}: refuses URLs whose host resolves to a loopback, private,
 *       link-local or unspecified address (an SSRF guard for hosts whose users write URLs).
 * </ul>
 *
 * Authentication through credentials, pagination and multipart bodies come with the credentials
 * work; until then a token goes in {@code headers}, best through {@code $vars}.
 */
public final class HttpRequest implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "httpRequest";

  private static final int BODY_IN_ERRORS = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  static final HttpRequest INSTANCE = new HttpRequest();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("HTTP Request")
          .description("Sends an HTTP request per item; JSON, text or streamed binary response")
          .property(
              PropertySpec.string("method")
                  .oneOf("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
                  .withDefault("GET"))
          .property(PropertySpec.string("url").required())
          .property(PropertySpec.object("query"))
          .property(PropertySpec.object("headers"))
          .property(PropertySpec.any("body"))
          .property(PropertySpec.string("bodyType").oneOf("json", "text", "form"))
          .property(
              PropertySpec.string("responseFormat")
                  .oneOf("json", "text", "binary")
                  .withDefault("json"))
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .property(PropertySpec.bool("fullResponse").withDefault(false))
          .property(PropertySpec.integer("timeoutMillis").withDefault(30_000))
          .property(PropertySpec.bool("blockPrivateNetworks").withDefault(false))
          .build();

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  private HttpRequest() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a GET request node}
   *
   * @param url the URL, expressions allowed
   */
  public static NodeDefinition get(String url) {
    return NodeDefinition.of(INSTANCE, Map.of("url", Objects.requireNonNull(url)));
  }

  /**
   * {@return a request node with a JSON body}
   *
   * @param method POST, PUT, PATCH, ...
   * @param url the URL, expressions allowed
   * @param body the body (an object; string values may be expressions)
   */
  public static NodeDefinition withJson(String method, String url, Map<String, ?> body) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "method",
            method,
            "url",
            Objects.requireNonNull(url),
            "body",
            body,
            "bodyType",
            "json"));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public NodeResult execute(NodeContext ctx) throws InterruptedException {
    List<Item> out = new ArrayList<>();
    List<Item> input = ctx.input();
    for (int i = 0; i < input.size(); i++) {
      out.addAll(send(ctx, i));
    }
    return NodeResult.of(out);
  }

  private List<Item> send(NodeContext ctx, int i) throws InterruptedException {
    String method = ctx.stringParameter("method", i);
    URI uri = uri(ctx, i);
    if (Boolean.TRUE.equals(ctx.parameter("blockPrivateNetworks", i, Boolean.class))) {
      guard(ctx, uri, i);
    }
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(uri)
            .timeout(
                Duration.ofMillis(ctx.parameter("timeoutMillis", i, Number.class).longValue()));
    Map<?, ?> headers = ctx.parameter("headers", i, Map.class);
    if (headers != null) {
      headers.forEach((k, v) -> request.header(String.valueOf(k), String.valueOf(v)));
    }
    request.method(method, body(ctx, i, request));
    String format = ctx.stringParameter("responseFormat", i);
    String where = method + " " + uri;
    try {
      if ("binary".equals(format)) {
        HttpResponse<InputStream> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          if (response.statusCode() >= 400) {
            throw failure(ctx, i, where, response, new String(in.readNBytes(BODY_IN_ERRORS)));
          }
          BinaryRef ref =
              ctx.binaries()
                  .write(
                      in,
                      fileName(uri),
                      response.headers().firstValue("Content-Type").orElse(null));
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("fileName", ref.fileName());
          json.put("size", ref.size());
          Item item =
              wrap(ctx, i, response, json)
                  .withBinary(ctx.stringParameter("binaryProperty", i), ref);
          return List.of(item);
        }
      }
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 400) {
        throw failure(ctx, i, where, response, response.body());
      }
      if ("text".equals(format) || response.body().isBlank()) {
        return List.of(wrap(ctx, i, response, Map.of("data", response.body())));
      }
      Object parsed;
      try {
        parsed = JSON.readValue(response.body(), Object.class);
      } catch (IOException e) {
        throw new NonRetryableNodeException(
            "node '"
                + ctx.nodeId()
                + "': "
                + where
                + " answered "
                + response.statusCode()
                + " with a body that is not JSON (set responseFormat to text): "
                + truncate(response.body()),
            i,
            e);
      }
      List<Item> items = new ArrayList<>();
      if (parsed instanceof List<?> list && !isTrue(ctx, "fullResponse", i)) {
        for (Object element : list) {
          items.add(wrap(ctx, i, response, asObject(element)));
        }
      } else {
        items.add(wrap(ctx, i, response, asObject(parsed)));
      }
      return items;
    } catch (HttpTimeoutException e) {
      throw new RetryableNodeException(
          "node '" + ctx.nodeId() + "': " + where + " timed out", i, null, e);
    } catch (IOException e) {
      throw new RetryableNodeException(
          "node '" + ctx.nodeId() + "': " + where + " failed: " + e, i, null, e);
    }
  }

  private static boolean isTrue(NodeContext ctx, String name, int i) {
    return Boolean.TRUE.equals(ctx.parameter(name, i, Boolean.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object value) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("data", value);
    return wrapped;
  }

  /** The result as the item, or inside {statusCode, headers, body} with fullResponse. */
  private static Item wrap(
      NodeContext ctx, int i, HttpResponse<?> response, Map<String, Object> body) {
    if (!isTrue(ctx, "fullResponse", i)) {
      return Item.of(body);
    }
    Map<String, Object> headers = new LinkedHashMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k, String.join(", ", v)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("statusCode", response.statusCode());
    json.put("headers", headers);
    json.put("body", body);
    return Item.of(json);
  }

  private static URI uri(NodeContext ctx, int i) {
    String url = ctx.stringParameter("url", i);
    Map<?, ?> query = ctx.parameter("query", i, Map.class);
    if (query != null && !query.isEmpty()) {
      StringJoiner q = new StringJoiner("&");
      query.forEach(
          (k, v) ->
              q.add(
                  URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8)
                      + "="
                      + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
      url += (url.contains("?") ? "&" : "?") + q;
    }
    try {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("only http and https URLs are sent");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new NonRetryableNodeException(
          "node '" + ctx.nodeId() + "': parameter 'url' is not a valid URL: " + url, i, e);
    }
  }

  private static java.net.http.HttpRequest.BodyPublisher body(
      NodeContext ctx, int i, java.net.http.HttpRequest.Builder request) {
    Object body = ctx.parameter("body", i);
    if (body == null) {
      return BodyPublishers.noBody();
    }
    String type = ctx.stringParameter("bodyType", i);
    if (type == null) {
      type = "json";
    }
    try {
      return switch (type) {
        case "text" -> {
          request.header("Content-Type", "text/plain; charset=utf-8");
          yield BodyPublishers.ofString(String.valueOf(body));
        }
        case "form" -> {
          if (!(body instanceof Map<?, ?> fields)) {
            throw new NonRetryableNodeException(
                "node '" + ctx.nodeId() + "': a form body must be an object of fields", i, null);
          }
          StringJoiner form = new StringJoiner("&");
          fields.forEach(
              (k, v) ->
                  form.add(
                      URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
          request.header("Content-Type", "application/x-www-form-urlencoded");
          yield BodyPublishers.ofString(form.toString());
        }
        default -> {
          request.header("Content-Type", "application/json");
          yield BodyPublishers.ofString(JSON.writeValueAsString(body));
        }
      };
    } catch (IOException e) {
      throw new NonRetryableNodeException(
          "node '" + ctx.nodeId() + "': the body cannot be written as JSON", i, e);
    }
  }

  private static RuntimeException failure(
      NodeContext ctx, int i, String where, HttpResponse<?> response, String body) {
    int status = response.statusCode();
    StringBuilder message =
        new StringBuilder("node '")
            .append(ctx.nodeId())
            .append("': ")
            .append(where)
            .append(" answered HTTP ")
            .append(status);
    for (String h : List.of("Content-Type", "Retry-After", "WWW-Authenticate")) {
      response
          .headers()
          .firstValue(h)
          .ifPresent(v -> message.append("; ").append(h).append(": ").append(v));
    }
    message.append("; body: ").append(truncate(body));
    if (status == 429 || status >= 500) {
      return new RetryableNodeException(message.toString(), i, retryAfter(response), null);
    }
    return new NonRetryableNodeException(message.toString(), i, null);
  }

  /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
  private static Duration retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse(null);
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d =
            Duration.between(
                ZonedDateTime.now(),
                ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static String truncate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= BODY_IN_ERRORS
        ? body
        : body.substring(0, BODY_IN_ERRORS) + "... (" + body.length() + " characters)";
  }

  private static String fileName(URI uri) {
    String path = uri.getPath();
    if (path == null || path.isEmpty() || path.endsWith("/")) {
      return "download";
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Refuses hosts that resolve to this machine or a private network. */
  private static void guard(NodeContext ctx, URI uri, int i) {
    try {
      for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
        if (a.isLoopbackAddress()
            || a.isSiteLocalAddress()
            || a.isLinkLocalAddress()
            || a.isAnyLocalAddress()
            || a.isMulticastAddress()
            || isUniqueLocalV6(a)) {
          throw new NonRetryableNodeException(
              "node '"
                  + ctx.nodeId()
                  + "': "
                  + uri.getHost()
                  + " resolves to "
                  + a.getHostAddress()
                  + ", a loopback or private address, and blockPrivateNetworks is on",
              i,
              null);
        }
      }
    } catch (UnknownHostException e) {
      throw new RetryableNodeException(
          "node '" + ctx.nodeId() + "': unknown host " + uri.getHost(), i, null, e);
    }
  }

  private static boolean isUniqueLocalV6(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 16 && (b[0] & 0xfe) == 0xfc;
  }
}

package dev.tyboo.nodes.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.Attachments;
import dev.tyboo.nodes.internal.OAuth2Tokens;
import dev.tyboo.nodes.internal.RetryAfter;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 *       is given), {@code text}, {@code form}, {@code multipart} (an object of fields; a field
 *       {@code {"binaryProperty": "data"}} sends that attachment as a file, streamed) or {@code
 *       binary} ({@code body} names the attachment sent as the whole body, streamed);
 *   <li>{@code authentication} through the credential the node names for that type: {@code basic}
 *       ({@value #BASIC}), {@code bearer} ({@value #BEARER}), {@code header} ({@value #HEADER}: an
 *       API key in a header) or {@code oauth2} ({@value #OAUTH2}: client-credentials, or an
 *       authorization-code credential whose tokens are refreshed; tokens are cached in the
 *       credential, and a 401 gets one retry with a new token);
 *   <li>{@code pagination}: {@code nextUrl} (a URL at {@code nextUrlPath} in the body), {@code
 *       linkHeader} (RFC 8288 {@code rel="next"}), {@code offset} ({@code offsetParameter} and
 *       {@code limitParameter} query parameters, {@code pageSize}) or {@code cursor} (the value at
 *       {@code cursorPath} sent as {@code cursorParameter}); {@code itemsPath} names the results in
 *       each page (one item each); it stops at an empty page, and fails past {@code maxPages} (100)
 *       rather than drop results;
 *   <li>{@code responseFormat}: {@code json} (an object becomes the item, an array one item per
 *       element), {@code text} ({@code {"data": "..."}}) or {@code binary}: streamed into the
 *       binary store as attachment {@code binaryProperty}, so a large download never sits in the
 *       heap; {@code fullResponse} wraps the result with {@code statusCode} and {@code headers};
 *   <li>{@code timeoutMillis} per request (30 s by default);
 *   <li>{@code idempotencyKey}: sends {@code Idempotency-Key: <executionId>/<nodeId>/<run>/<item>},
 *       the same on every attempt and after a crash, for APIs that deduplicate requests;
 *   <li>errors: 429 and 503 (and other 5xx) are retryable and carry the server's {@code
 *       Retry-After}; other 4xx are not; the message names method, URL, status, some headers and
 *       the first 1,000 characters of the body, never a credential;
 *   <li>network policy: when the engine's {@link dev.tyboo.security.network.NetworkPolicy} blocks
 *       private networks for the workflow's tenant (by default: tenants' workflows), or {@code
 *       blockPrivateNetworks} is on, every URL (redirects and next pages included) is resolved once
 *       and refused if it reaches this machine, a private, link-local or other internal address;
 *       redirects are then followed by the node (at most 10, credentials to the first origin only)
 *       and plain-http requests connect to the checked address (see {@code GuardedEgress}).
 * </ul>
 */
public final class HttpRequest implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "httpRequest";

  /** Credential type for HTTP Basic: {@code {"user", "password"}}. */
  public static final String BASIC = "httpBasicAuth";

  /** Credential type for a bearer token: {@code {"token"}}. */
  public static final String BEARER = "httpBearerAuth";

  /** Credential type for an API key in a header: {@code {"name", "value"}}. */
  public static final String HEADER = "httpHeaderAuth";

  /**
   * Credential type for OAuth 2.0: {@code {"grantType": "clientCredentials"|"authorizationCode",
   * "tokenUrl", "clientId", "clientSecret", "scope", "clientAuthentication": "header"|"body",
   * "accessToken", "refreshToken", "expiresAt"}}; the node fills in and refreshes the tokens.
   */
  public static final String OAUTH2 = OAuth2Tokens.TYPE;

  private static final int BODY_IN_ERRORS = 1_000;
  private static final int DEFAULT_MAX_PAGES = 100;
  private static final ObjectMapper JSON = JsonMappers.standard();

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
          .property(
              PropertySpec.string("bodyType").oneOf("json", "text", "form", "multipart", "binary"))
          .property(
              PropertySpec.string("authentication")
                  .oneOf("none", "basic", "bearer", "header", "oauth2")
                  .withDefault("none"))
          .property(
              PropertySpec.object(
                      "pagination",
                      PropertySpec.string("mode")
                          .oneOf("nextUrl", "linkHeader", "offset", "cursor")
                          .required(),
                      PropertySpec.string("itemsPath"),
                      PropertySpec.string("nextUrlPath"),
                      PropertySpec.string("cursorPath"),
                      PropertySpec.string("cursorParameter"),
                      PropertySpec.string("offsetParameter"),
                      PropertySpec.string("limitParameter"),
                      PropertySpec.integer("pageSize"),
                      PropertySpec.integer("maxPages"))
                  .describedAs(
                      "follow pages: nextUrl (nextUrlPath in the body), linkHeader (rel=next),"
                          + " offset (offsetParameter/limitParameter, pageSize), cursor"
                          + " (cursorPath in the body -> cursorParameter); itemsPath names the"
                          + " results; stops on an empty page; more than maxPages (100) fails"))
          .property(
              PropertySpec.string("responseFormat")
                  .oneOf("json", "text", "binary")
                  .withDefault("json"))
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .property(PropertySpec.bool("fullResponse").withDefault(false))
          .property(PropertySpec.integer("timeoutMillis").withDefault(30_000))
          .property(PropertySpec.bool("blockPrivateNetworks").withDefault(false))
          .property(
              PropertySpec.bool("idempotencyKey")
                  .withDefault(false)
                  .describedAs(
                      "send Idempotency-Key: the same for every attempt of the item, after a crash"
                          + " too"))
          .credentialType(BASIC)
          .credentialType(BEARER)
          .credentialType(HEADER)
          .credentialType(OAuth2Tokens.TYPE)
          .build();

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** Sends the requests the engine's network policy checks, following redirects itself. */
  private final GuardedEgress egress = new GuardedEgress();

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
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (!(parameters.get("pagination") instanceof Map<?, ?> p)) {
      return problems;
    }
    Object mode = p.get("mode");
    if ("nextUrl".equals(mode) && p.get("nextUrlPath") == null) {
      problems.put("pagination.nextUrlPath", "is required in the nextUrl mode");
    }
    if ("cursor".equals(mode) && p.get("cursorPath") == null) {
      problems.put("pagination.cursorPath", "is required in the cursor mode");
    }
    if ("offset".equals(mode) && !(p.get("pageSize") instanceof Number n && n.intValue() > 0)) {
      problems.put("pagination.pageSize", "must be a positive page size in the offset mode");
    }
    if (p.get("maxPages") instanceof Number n && n.intValue() < 1) {
      problems.put("pagination.maxPages", "must be at least 1, was " + n);
    }
    if ("binary".equals(parameters.get("responseFormat"))) {
      problems.put("pagination", "cannot follow pages of binary responses");
    }
    if (Boolean.TRUE.equals(parameters.get("fullResponse"))) {
      problems.put("pagination", "cannot be combined with fullResponse");
    }
    return problems;
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
    URI uri = uri(ctx, i, Map.of());
    Map<?, ?> pagination = ctx.parameter("pagination", i, Map.class);
    if (pagination != null) {
      return paginate(ctx, i, uri, pagination);
    }
    if ("binary".equals(ctx.stringParameter("responseFormat", i))) {
      return List.of(download(ctx, i, uri));
    }
    Exchange page = exchange(ctx, i, uri);
    if (page.parsed == null) {
      return List.of(wrap(ctx, i, page.response, Map.of("data", page.response.body())));
    }
    List<Item> items = new ArrayList<>();
    if (page.parsed instanceof List<?> list && !isTrue(ctx, "fullResponse", i)) {
      for (Object element : list) {
        items.add(wrap(ctx, i, page.response, asObject(element)));
      }
    } else {
      items.add(wrap(ctx, i, page.response, asObject(page.parsed)));
    }
    return items;
  }

  /** One request with a text response: the response, and its body parsed as JSON when asked. */
  private record Exchange(HttpResponse<String> response, Object parsed) {}

  private Exchange exchange(NodeContext ctx, int i, URI uri) throws InterruptedException {
    String where = ctx.stringParameter("method", i) + " " + uri;
    HttpResponse<String> response = call(ctx, i, uri, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 400) {
      throw failure(ctx, i, where, response, response.body());
    }
    if ("text".equals(ctx.stringParameter("responseFormat", i)) || response.body().isBlank()) {
      return new Exchange(response, null);
    }
    try {
      return new Exchange(response, JSON.readValue(response.body(), Object.class));
    } catch (IOException e) {
      throw new NonRetryableNodeException(
          ""
              + where
              + " answered "
              + response.statusCode()
              + " with a body that is not JSON (set responseFormat to text): "
              + truncate(response.body()),
          i,
          e);
    }
  }

  private Item download(NodeContext ctx, int i, URI uri) throws InterruptedException {
    String where = ctx.stringParameter("method", i) + " " + uri;
    HttpResponse<InputStream> response =
        call(ctx, i, uri, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() >= 400) {
        throw failure(ctx, i, where, response, new String(in.readNBytes(BODY_IN_ERRORS)));
      }
      BinaryRef ref =
          ctx.binaries()
              .write(in, fileName(uri), response.headers().firstValue("Content-Type").orElse(null));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("fileName", ref.fileName());
      json.put("size", ref.size());
      return wrap(ctx, i, response, json).withBinary(ctx.stringParameter("binaryProperty", i), ref);
    } catch (IOException e) {
      throw new RetryableNodeException("" + where + " failed: " + e, i, null, e);
    }
  }

  /**
   * Sends the item's request to {@code uri} with its headers, body and authentication; with OAuth2,
   * a 401 gets one more try with a new access token.
   */
  private <T> HttpResponse<T> call(
      NodeContext ctx, int i, URI uri, HttpResponse.BodyHandler<T> handler)
      throws InterruptedException {
    String method = ctx.stringParameter("method", i);
    boolean guarded = guarded(ctx, i);
    String where = method + " " + uri;
    String auth = ctx.stringParameter("authentication", i);
    try {
      HttpResponse<T> response = send(ctx, i, uri, method, guarded, false, handler);
      if (response.statusCode() == 401 && "oauth2".equals(auth)) {
        if (response.body() instanceof InputStream in) {
          in.close();
        }
        response = send(ctx, i, uri, method, guarded, true, handler);
      }
      return response;
    } catch (HttpTimeoutException e) {
      throw new RetryableNodeException("" + where + " timed out", i, null, e);
    } catch (UnknownHostException e) {
      throw new RetryableNodeException("unknown host " + uri.getHost(), i, null, e);
    } catch (IOException e) {
      throw new RetryableNodeException("" + where + " failed: " + e, i, null, e);
    }
  }

  /**
   * Whether this item's requests go through the network policy's check: when the engine's policy
   * blocks private networks for this workflow's tenant, or the node asks for it.
   */
  private static boolean guarded(NodeContext ctx, int i) {
    return isTrue(ctx, "blockPrivateNetworks", i)
        || ctx.networkPolicy().blocksPrivateNetworks(ctx.tenant());
  }

  private <T> HttpResponse<T> send(
      NodeContext ctx,
      int i,
      URI uri,
      String method,
      boolean guarded,
      boolean renewToken,
      HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    if (!guarded) {
      return client.send(request(ctx, i, uri, method, renewToken, true, true), handler);
    }
    return egress.send(
        ctx,
        i,
        uri,
        method,
        (hopUri, hopMethod, sameOrigin, withBody) ->
            request(ctx, i, hopUri, hopMethod, renewToken, sameOrigin, withBody),
        handler);
  }

  private java.net.http.HttpRequest request(
      NodeContext ctx,
      int i,
      URI uri,
      String method,
      boolean renewToken,
      boolean authenticate,
      boolean withBody)
      throws InterruptedException {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(uri)
            .timeout(
                Duration.ofMillis(ctx.parameter("timeoutMillis", i, Number.class).longValue()));
    // the W3C trace context of this node's span, so that the called service joins the trace; the
    // node's own headers may replace it
    ctx.traceHeaders().forEach(request::setHeader);
    Map<?, ?> headers = ctx.parameter("headers", i, Map.class);
    if (headers != null) {
      headers.forEach((k, v) -> request.setHeader(String.valueOf(k), String.valueOf(v)));
    }
    if (isTrue(ctx, "idempotencyKey", i)) {
      // the node call's key and the item: an API that deduplicates (Stripe, the IETF draft) runs a
      // retried or re-run request once
      request.setHeader("Idempotency-Key", ctx.idempotencyKey() + "/" + i);
    }
    if (authenticate) {
      authenticate(ctx, i, request, renewToken);
    }
    // after the headers: the body's Content-Type is a default they may set, except a multipart
    // body's, whose boundary belongs to the body
    boolean typeGiven =
        headers != null
            && headers.keySet().stream()
                .anyMatch(k -> "content-type".equalsIgnoreCase(String.valueOf(k)));
    if (!withBody) {
      request.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
      return request.build();
    }
    RequestBody body = body(ctx, i);
    if (body.contentType() != null && (!typeGiven || body.ownsContentType())) {
      request.setHeader("Content-Type", body.contentType());
    }
    request.method(method, body.publisher());
    return request.build();
  }

  private void authenticate(
      NodeContext ctx, int i, java.net.http.HttpRequest.Builder request, boolean renewToken)
      throws InterruptedException {
    switch (ctx.stringParameter("authentication", i)) {
      case "basic" -> {
        Map<String, Object> c = ctx.credential(BASIC);
        String pair = c.getOrDefault("user", "") + ":" + c.getOrDefault("password", "");
        request.setHeader(
            "Authorization",
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      case "bearer" -> request.setHeader("Authorization", "Bearer " + field(ctx, BEARER, "token"));
      case "header" -> request.setHeader(field(ctx, HEADER, "name"), field(ctx, HEADER, "value"));
      case "oauth2" ->
          request.setHeader(
              "Authorization",
              "Bearer "
                  + OAuth2Tokens.accessToken(
                      ctx,
                      r ->
                          guarded(ctx, i)
                              ? egress.sendOnce(ctx, i, r, HttpResponse.BodyHandlers.ofString())
                              : client.send(r, HttpResponse.BodyHandlers.ofString()),
                      i,
                      renewToken));
      default -> {}
    }
  }

  private static String field(NodeContext ctx, String type, String field) {
    if (ctx.credential(type).get(field) instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new dev.tyboo.error.CredentialException(
        "its " + type + " credential has no '" + field + "'");
  }

  private List<Item> paginate(NodeContext ctx, int i, URI first, Map<?, ?> p)
      throws InterruptedException {
    String mode = String.valueOf(p.get("mode"));
    String itemsPath = (String) p.get("itemsPath");
    int pageSize = p.get("pageSize") instanceof Number n ? n.intValue() : 0;
    int maxPages = p.get("maxPages") instanceof Number n ? n.intValue() : DEFAULT_MAX_PAGES;
    String offsetParameter = p.get("offsetParameter") instanceof String o ? o : "offset";
    String limitParameter = (String) p.get("limitParameter");
    String cursorParameter = p.get("cursorParameter") instanceof String c ? c : "cursor";
    List<Item> items = new ArrayList<>();
    URI uri =
        "offset".equals(mode)
            ? uri(ctx, i, offsetQuery(offsetParameter, 0, limitParameter, pageSize))
            : first;
    for (int page = 1; ; page++) {
      Exchange exchange = exchange(ctx, i, uri);
      List<Object> results = results(ctx, i, exchange.parsed, itemsPath, uri);
      for (Object r : results) {
        items.add(Item.of(asObject(r)));
      }
      URI next = null;
      if (!results.isEmpty()) {
        next =
            switch (mode) {
              case "nextUrl" -> resolve(uri, at(exchange.parsed, (String) p.get("nextUrlPath")));
              case "linkHeader" -> resolve(uri, nextLink(exchange.response));
              case "cursor" -> {
                Object cursor = at(exchange.parsed, (String) p.get("cursorPath"));
                yield cursor == null || String.valueOf(cursor).isEmpty()
                    ? null
                    : uri(ctx, i, Map.of(cursorParameter, String.valueOf(cursor)));
              }
              default ->
                  results.size() < pageSize
                      ? null
                      : uri(
                          ctx,
                          i,
                          offsetQuery(offsetParameter, page * pageSize, limitParameter, pageSize));
            };
      }
      if (next == null) {
        return items;
      }
      if (page >= maxPages) {
        throw new NonRetryableNodeException(
            "more than "
                + maxPages
                + " pages to follow from "
                + first
                + " (raise pagination.maxPages if that is expected)",
            i,
            null);
      }
      uri = next;
    }
  }

  private static Map<String, String> offsetQuery(
      String offsetParameter, int offset, String limitParameter, int pageSize) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put(offsetParameter, Integer.toString(offset));
    if (limitParameter != null) {
      q.put(limitParameter, Integer.toString(pageSize));
    }
    return q;
  }

  private static List<Object> results(
      NodeContext ctx, int i, Object body, String itemsPath, URI uri) {
    Object found = itemsPath == null ? body : at(body, itemsPath);
    if (found == null) {
      return List.of();
    }
    if (found instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    if (itemsPath != null) {
      throw new NonRetryableNodeException(
          "pagination.itemsPath '" + itemsPath + "' of the answer of " + uri + " is not a list",
          i,
          null);
    }
    return List.of(found);
  }

  private static Object at(Object body, String path) {
    if (path == null || !(body instanceof Map<?, ?>)) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> json = (Map<String, ?>) body;
    return dev.tyboo.nodes.internal.JsonPaths.get(json, path);
  }

  private static URI resolve(URI base, Object next) {
    if (next == null || String.valueOf(next).isBlank()) {
      return null;
    }
    return base.resolve(String.valueOf(next));
  }

  /** The {@code rel="next"} target of a {@code Link} header (RFC 8288), or {@code null}. */
  private static String nextLink(HttpResponse<?> response) {
    for (String header : response.headers().allValues("Link")) {
      for (String link : header.split(",(?=\\s*<)")) {
        int open = link.indexOf('<');
        int close = link.indexOf('>', open + 1);
        if (open < 0 || close < 0) {
          continue;
        }
        for (String param : link.substring(close + 1).split(";")) {
          String[] kv = param.split("=", 2);
          if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("rel")) {
            for (String rel : kv[1].strip().replace("\"", "").split("\\s+")) {
              if (rel.equalsIgnoreCase("next")) {
                return link.substring(open + 1, close).strip();
              }
            }
          }
        }
      }
    }
    return null;
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

  private static URI uri(NodeContext ctx, int i, Map<String, String> extra) {
    String url = ctx.stringParameter("url", i);
    Map<Object, Object> query = new LinkedHashMap<>();
    Map<?, ?> given = ctx.parameter("query", i, Map.class);
    if (given != null) {
      query.putAll(given);
    }
    query.putAll(extra);
    if (!query.isEmpty()) {
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
      throw new NonRetryableNodeException("parameter 'url' is not a valid URL: " + url, i, e);
    }
  }

  /**
   * A request body, its Content-Type, and whether that type must win over the node's headers (a
   * multipart boundary).
   */
  private record RequestBody(
      java.net.http.HttpRequest.BodyPublisher publisher,
      String contentType,
      boolean ownsContentType) {}

  private static RequestBody body(NodeContext ctx, int i) {
    Object body = ctx.parameter("body", i);
    if (body == null) {
      return new RequestBody(BodyPublishers.noBody(), null, false);
    }
    String type = ctx.stringParameter("bodyType", i);
    if (type == null) {
      type = "json";
    }
    try {
      return switch (type) {
        case "text" ->
            new RequestBody(
                BodyPublishers.ofString(String.valueOf(body)), "text/plain; charset=utf-8", false);
        case "multipart" -> {
          if (!(body instanceof Map<?, ?> fields)) {
            throw new NonRetryableNodeException(
                "a multipart body must be an object of fields", i, null);
          }
          Multipart.Body multipart = Multipart.of(ctx, i, fields);
          yield new RequestBody(multipart.publisher(), multipart.contentType(), true);
        }
        case "binary" -> {
          String property = String.valueOf(body);
          BinaryRef ref = Attachments.required(ctx, i, property);
          yield new RequestBody(
              BodyPublishers.fromPublisher(
                  BodyPublishers.ofInputStream(() -> ctx.binaries().open(ref)), ref.size()),
              ref.mimeType() != null ? ref.mimeType() : "application/octet-stream",
              false);
        }
        case "form" -> {
          if (!(body instanceof Map<?, ?> fields)) {
            throw new NonRetryableNodeException("a form body must be an object of fields", i, null);
          }
          StringJoiner form = new StringJoiner("&");
          fields.forEach(
              (k, v) ->
                  form.add(
                      URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
          yield new RequestBody(
              BodyPublishers.ofString(form.toString()), "application/x-www-form-urlencoded", false);
        }
        default ->
            new RequestBody(
                BodyPublishers.ofString(JSON.writeValueAsString(body)), "application/json", false);
      };
    } catch (IOException e) {
      throw new NonRetryableNodeException("the body cannot be written as JSON", i, e);
    }
  }

  private static RuntimeException failure(
      NodeContext ctx, int i, String where, HttpResponse<?> response, String body) {
    int status = response.statusCode();
    StringBuilder message = new StringBuilder(where).append(" answered HTTP ").append(status);
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
    return RetryAfter.of(response.headers()).orElse(null);
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
}

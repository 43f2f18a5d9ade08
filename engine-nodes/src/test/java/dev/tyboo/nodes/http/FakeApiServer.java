package dev.tyboo.nodes.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local API that checks requests the way the specifications say a server must: an OAuth 2.0 token
 * endpoint (RFC 6749 sections 2.3.1, 4.4, 5 and 6: form body, client authentication, grant types,
 * error responses), resources protected by bearer tokens (RFC 6750: {@code WWW-Authenticate} on
 * 401), Basic and API-key resources, paginated lists in four styles, and a multipart upload
 * endpoint that parses RFC 7578 bodies. Whatever does not conform is refused with 400, as a real
 * provider would.
 */
final class FakeApiServer implements AutoCloseable {

  static final String CLIENT_ID = "tyboo client";
  static final String CLIENT_SECRET = "s3cr:et";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  final AtomicInteger tokenRequests = new AtomicInteger();
  final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  final Set<String> validRefreshTokens = ConcurrentHashMap.newKeySet();
  final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();

  FakeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/oauth/token", this::token);
    server.createContext("/api/me", this::me);
    server.createContext("/basic", this::basic);
    server.createContext("/key", this::key);
    server.createContext("/pages/next", this::nextPages);
    server.createContext("/pages/link", this::linkPages);
    server.createContext("/pages/offset", this::offsetPages);
    server.createContext("/pages/cursor", this::cursorPages);
    server.createContext("/pages/endless", this::endless);
    server.createContext("/upload", this::upload);
    server.createContext("/raw", this::raw);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // --- OAuth 2.0 ---

  private void token(HttpExchange x) throws IOException {
    tokenRequests.incrementAndGet();
    if (!"POST".equals(x.getRequestMethod())) {
      error(x, 405, "invalid_request", "the token endpoint takes POST");
      return;
    }
    String type = x.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      error(x, 400, "invalid_request", "the body must be application/x-www-form-urlencoded");
      return;
    }
    Map<String, String> form =
        form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String id;
    String secret;
    String auth = x.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.startsWith("Basic ")) {
      String[] pair =
          new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
              .split(":", 2);
      // RFC 6749 2.3.1: id and secret are form-encoded before the Basic encoding
      id = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
      secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "";
      if (form.containsKey("client_secret")) {
        error(x, 400, "invalid_request", "more than one client authentication method");
        return;
      }
    } else {
      id = form.get("client_id");
      secret = form.get("client_secret");
    }
    if (!CLIENT_ID.equals(id) || !CLIENT_SECRET.equals(secret)) {
      x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"token\"");
      error(x, 401, "invalid_client", "client authentication failed");
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    switch (String.valueOf(form.get("grant_type"))) {
      case "client_credentials" -> {}
      case "refresh_token" -> {
        if (!validRefreshTokens.remove(String.valueOf(form.get("refresh_token")))) {
          error(x, 400, "invalid_grant", "the refresh token is invalid, expired or used");
          return;
        }
        String rotated = "rt-" + issued.incrementAndGet();
        validRefreshTokens.add(rotated);
        answer.put("refresh_token", rotated);
      }
      default -> {
        error(x, 400, "unsupported_grant_type", "grant_type " + form.get("grant_type"));
        return;
      }
    }
    String token = "at-" + issued.incrementAndGet();
    validTokens.add(token);
    answer.put("access_token", token);
    answer.put("token_type", "Bearer");
    answer.put("expires_in", 3600);
    x.getResponseHeaders().add("Cache-Control", "no-store");
    json(x, 200, answer);
  }

  private void me(HttpExchange x) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    requests.add("me " + auth);
    if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
      x.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      json(x, 401, Map.of("error", "invalid_token"));
      return;
    }
    json(x, 200, Map.of("user", "ada", "token", auth.substring(7)));
  }

  private void basic(HttpExchange x) throws IOException {
    String expected =
        "Basic " + Base64.getEncoder().encodeToString("shop:pa55".getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
      x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"api\"");
      json(x, 401, Map.of("error", "unauthorized"));
      return;
    }
    json(x, 200, Map.of("ok", "basic"));
  }

  private void key(HttpExchange x) throws IOException {
    if (!"k-123".equals(x.getRequestHeaders().getFirst("X-Api-Key"))) {
      json(x, 403, Map.of("error", "bad key"));
      return;
    }
    json(x, 200, Map.of("ok", "key"));
  }

  // --- pagination ---

  private static int intParam(HttpExchange x, String name, int fallback) {
    String v =
        form(x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery())
            .get(name);
    return v == null ? fallback : Integer.parseInt(v);
  }

  private static List<Map<String, Object>> rows(int from, int to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(Map.of("id", i));
    }
    return rows;
  }

  private void nextPages(HttpExchange x) throws IOException {
    int page = intParam(x, "page", 1);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", rows((page - 1) * 2, page * 2));
    body.put("paging", Map.of("next", page < 3 ? "/pages/next?page=" + (page + 1) : ""));
    json(x, 200, body);
  }

  private void linkPages(HttpExchange x) throws IOException {
    int page = intParam(x, "page", 1);
    if (page < 3) {
      x.getResponseHeaders()
          .add(
              "Link",
              "<"
                  + url("/pages/link?page=" + (page + 1))
                  + ">; rel=\"next\", <"
                  + url("/pages/link?page=3")
                  + ">; rel=\"last\"");
    }
    json(x, 200, rows((page - 1) * 2, page * 2));
  }

  private void offsetPages(HttpExchange x) throws IOException {
    int offset = intParam(x, "offset", -1);
    int limit = intParam(x, "limit", -1);
    if (offset < 0 || limit != 10) {
      json(x, 400, Map.of("error", "offset and limit=10 are required"));
      return;
    }
    json(x, 200, Map.of("results", rows(offset, Math.min(offset + limit, 25))));
  }

  private void cursorPages(HttpExchange x) throws IOException {
    String query = x.getRequestURI().getRawQuery();
    String cursor = query == null ? null : form(query).get("after");
    int start = cursor == null ? 0 : Integer.parseInt(cursor.substring(1));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", rows(start, Math.min(start + 4, 10)));
    body.put("meta", Map.of("next_cursor", start + 4 < 10 ? "c" + (start + 4) : ""));
    json(x, 200, body);
  }

  private void endless(HttpExchange x) throws IOException {
    int page = intParam(x, "page", 1);
    json(x, 200, Map.of("data", rows(page, page + 1), "next", "/pages/endless?page=" + (page + 1)));
  }

  // --- bodies ---

  private void upload(HttpExchange x) throws IOException {
    String type = x.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
      json(x, 400, Map.of("error", "multipart/form-data with a boundary is required"));
      return;
    }
    String boundary = type.substring("multipart/form-data; boundary=".length());
    byte[] body = x.getRequestBody().readAllBytes();
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, Object> files = new LinkedHashMap<>();
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Integer> marks = new ArrayList<>();
    for (int i = 0; i + delimiter.length <= body.length; i++) {
      if (startsAt(body, i, delimiter)) {
        marks.add(i);
      }
    }
    if (marks.size() < 2
        || !startsAt(
            body,
            marks.get(marks.size() - 1) + delimiter.length,
            "--".getBytes(StandardCharsets.ISO_8859_1))) {
      json(x, 400, Map.of("error", "no closing boundary"));
      return;
    }
    for (int m = 0; m + 1 < marks.size(); m++) {
      int start = marks.get(m) + delimiter.length + 2; // CRLF after the boundary
      int end = marks.get(m + 1) - 2; // CRLF before the next boundary
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
      byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, end);
      String disposition =
          headers
              .lines()
              .filter(l -> l.startsWith("Content-Disposition: form-data;"))
              .findFirst()
              .orElse(null);
      if (disposition == null) {
        json(x, 400, Map.of("error", "a part without Content-Disposition: form-data"));
        return;
      }
      String name = param(disposition, "name");
      String fileName = param(disposition, "filename");
      if (fileName == null) {
        fields.put(name, new String(content, StandardCharsets.UTF_8));
      } else {
        String partType =
            headers
                .lines()
                .filter(l -> l.startsWith("Content-Type: "))
                .map(l -> l.substring(14))
                .findFirst()
                .orElse(null);
        files.put(
            name,
            Map.of(
                "filename",
                fileName,
                "contentType",
                String.valueOf(partType),
                "size",
                content.length,
                "sha256",
                sha256(content)));
      }
    }
    json(x, 200, Map.of("fields", fields, "files", files));
  }

  private void raw(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    json(
        x,
        200,
        Map.of(
            "size", body.length,
            "sha256", sha256(body),
            "contentType", String.valueOf(x.getRequestHeaders().getFirst("Content-Type")),
            "contentLength", String.valueOf(x.getRequestHeaders().getFirst("Content-Length"))));
  }

  // --- helpers ---

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String param(String header, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(";\\s*" + name + "=\"([^\"]*)\"").matcher(header);
    return m.find() ? m.group(1) : null;
  }

  private static boolean startsAt(byte[] data, int at, byte[] prefix) {
    if (at + prefix.length > data.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] data, byte[] needle, int from) {
    for (int i = from; i + needle.length <= data.length; i++) {
      if (startsAt(data, i, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        form.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void error(HttpExchange x, int status, String error, String description)
      throws IOException {
    json(x, status, Map.of("error", error, "error_description", description));
  }

  private static void json(HttpExchange x, int status, Object body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JSON.writeValue(bytes, body);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.size());
    try (OutputStream out = x.getResponseBody()) {
      bytes.writeTo(out);
    }
  }
}

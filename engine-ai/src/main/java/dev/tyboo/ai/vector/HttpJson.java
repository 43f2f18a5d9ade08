package dev.tyboo.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.ai.VectorStoreException;
import dev.tyboo.json.JsonMappers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** JSON over HTTP for the remote vector stores: one client, typed failures naming the store. */
final class HttpJson {

  static final ObjectMapper JSON = JsonMappers.standard();

  private final HttpClient client;
  private final String baseUrl;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final String store;

  HttpJson(String store, String baseUrl, Map<String, String> headers, Duration timeout) {
    this.store = store;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.headers = Map.copyOf(headers);
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** A failed call: the status (0 when the store was not reached) and what it said. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Failure(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }
  }

  JsonNode call(String method, String path, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(timeout)
              .header("Accept", "application/json");
      headers.forEach(b::header);
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(
                method,
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(body), StandardCharsets.UTF_8));
      }
      HttpResponse<String> r =
          client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() / 100 != 2) {
        String text = r.body() == null ? "" : r.body();
        throw new Failure(
            r.statusCode(),
            store
                + " answered "
                + method
                + " "
                + path
                + " with HTTP "
                + r.statusCode()
                + ": "
                + (text.length() > 500 ? text.substring(0, 500) + "..." : text),
            null);
      }
      return r.body() == null || r.body().isBlank()
          ? JSON.createObjectNode()
          : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new Failure(
          0, store + " could not be reached for " + method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(0, store + " call interrupted", e);
    }
  }

  VectorStoreException failure(String what, List<String> written, RuntimeException e) {
    return new VectorStoreException(what + ": " + e.getMessage(), written, e);
  }

  static float[] floats(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) array.get(i).asDouble();
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(JsonNode node) {
    return node == null || node.isNull() ? Map.of() : JSON.convertValue(node, Map.class);
  }
}

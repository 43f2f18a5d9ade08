package dev.tyboo.nodes.webhook;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as the host's HTTP layer hands it to {@link WebhookDispatcher#dispatch}.
 *
 * <p>Header names are kept lower-cased (HTTP header names are case-insensitive). The body is read
 * once, by the dispatcher, which does not close it.
 *
 * @param method the HTTP method, upper case ({@code POST})
 * @param path the path below the host's webhook prefix, percent-decoded, e.g. {@code orders/42}
 * @param headers header values by lower-case name
 * @param query query parameter values by name, percent-decoded
 * @param body the request body; an empty stream when there is none
 */
public record WebhookRequest(
    String method,
    String path,
    Map<String, List<String>> headers,
    Map<String, List<String>> query,
    InputStream body) {

  /** Validates and copies the components; lower-cases header names. */
  public WebhookRequest {
    method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    headers = Headers.lowerCased(Objects.requireNonNull(headers, "headers"));
    Map<String, List<String>> q = new LinkedHashMap<>();
    Objects.requireNonNull(query, "query")
        .forEach((name, values) -> q.put(name, List.copyOf(values)));
    query = java.util.Collections.unmodifiableMap(q);
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
   * {@return a builder}
   *
   * @param method the HTTP method
   * @param path the path below the host's webhook prefix
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /** Builds a {@link WebhookRequest}, mostly for tests and simple hosts. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private InputStream body = InputStream.nullInputStream();

    private Builder(String method, String path) {
      this.method = Objects.requireNonNull(method, "method");
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * {@return this builder}
     *
     * @param name a header name
     * @param value a value, added to any earlier ones
     */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param name a query parameter name
     * @param value a value, added to any earlier ones
     */
    public Builder query(String name, String value) {
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param body the body as a stream
     */
    public Builder body(InputStream body) {
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param contentType the {@code Content-Type} header
     * @param body the body, encoded in UTF-8
     */
    public Builder body(String contentType, String body) {
      header("Content-Type", contentType);
      this.body = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** {@return the request} */
    public WebhookRequest build() {
      return new WebhookRequest(method, path, headers, query, body);
    }
  }
}

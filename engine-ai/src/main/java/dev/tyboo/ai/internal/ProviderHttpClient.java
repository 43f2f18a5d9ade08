package dev.tyboo.ai.internal;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The HTTP client LangChain4j's provider modules call through: the JDK's client, answering an error
 * status with a {@link ProviderHttpException} that keeps the {@code Retry-After} delay. Form and
 * multipart requests (image and audio endpoints) are not needed by the engine and are refused.
 */
final class ProviderHttpClient implements HttpClient {

  private static final int MAX_ERROR_BODY = 2_000;

  private final java.net.http.HttpClient client;
  private final Duration readTimeout;

  private ProviderHttpClient(Duration connectTimeout, Duration readTimeout) {
    this.client =
        java.net.http.HttpClient.newBuilder()
            .connectTimeout(connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout)
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    this.readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
  }

  /** {@return a builder LangChain4j's model builders accept} */
  static HttpClientBuilder builder() {
    return new HttpClientBuilder() {
      private Duration connect;
      private Duration read;

      @Override
      public Duration connectTimeout() {
        return connect;
      }

      @Override
      public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connect = timeout;
        return this;
      }

      @Override
      public Duration readTimeout() {
        return read;
      }

      @Override
      public HttpClientBuilder readTimeout(Duration timeout) {
        this.read = timeout;
        return this;
      }

      @Override
      public HttpClient build() {
        return new ProviderHttpClient(connect, read);
      }
    };
  }

  private java.net.http.HttpRequest toJdk(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      throw new UnsupportedOperationException("form requests are not supported");
    }
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(URI.create(request.url())).timeout(readTimeout);
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                values.forEach(v -> b.header(name, v));
              }
            });
    String body = request.body();
    java.net.http.HttpRequest.BodyPublisher publisher =
        body == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    return b.method(request.method().name(), publisher).build();
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    try {
      HttpResponse<String> response =
          client.send(toJdk(request), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        throw failure(response.statusCode(), response.headers().map(), response.body());
      }
      return SuccessfulHttpResponse.builder()
          .statusCode(response.statusCode())
          .headers(response.headers().map())
          .body(response.body())
          .build();
    } catch (HttpTimeoutException e) {
      throw new dev.langchain4j.exception.TimeoutException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + request.url(), e);
    }
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    HttpResponse<InputStream> response;
    try {
      response = client.send(toJdk(request), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      listener.onError(new dev.langchain4j.exception.TimeoutException(e));
      return;
    } catch (IOException e) {
      listener.onError(new UncheckedIOException(e));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      listener.onError(e);
      return;
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() / 100 != 2) {
        String body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        listener.onError(failure(response.statusCode(), response.headers().map(), body));
        return;
      }
      listener.onOpen(
          SuccessfulHttpResponse.builder()
              .statusCode(response.statusCode())
              .headers(response.headers().map())
              .build());
      parser.parse(in, listener);
      listener.onClose();
    } catch (IOException e) {
      listener.onError(new UncheckedIOException(e));
    }
  }

  private static ProviderHttpException failure(
      int status, Map<String, List<String>> headers, String body) {
    String text = body == null ? "" : body;
    if (text.length() > MAX_ERROR_BODY) {
      text = text.substring(0, MAX_ERROR_BODY) + "...";
    }
    return new ProviderHttpException(status, text, retryAfter(headers));
  }

  /** {@code Retry-After} as seconds or an HTTP date; {@code retry-after-ms} as OpenAI sends it. */
  static Duration retryAfter(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getValue().isEmpty()) {
        continue;
      }
      String value = h.getValue().getFirst().trim();
      try {
        if (h.getKey().equalsIgnoreCase("retry-after-ms")) {
          return Duration.ofMillis((long) Double.parseDouble(value));
        }
        if (h.getKey().equalsIgnoreCase("retry-after")) {
          if (value.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(value));
          }
          ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
          Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
          return d.isNegative() ? Duration.ZERO : d;
        }
      } catch (RuntimeException e) {
        // an unreadable value: no delay asked for
      }
    }
    return null;
  }
}

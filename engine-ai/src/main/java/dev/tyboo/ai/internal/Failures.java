package dev.tyboo.ai.internal;

import dev.langchain4j.exception.HttpException;
import dev.tyboo.ai.ModelCallException;
import dev.tyboo.ai.ModelCallException.Kind;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Turns what a LangChain4j call threw into a {@link ModelCallException}. */
final class Failures {

  private Failures() {}

  static ModelCallException of(Throwable thrown, String what) {
    if (thrown instanceof ModelCallException m) {
      return m;
    }
    ProviderHttpException http = find(thrown, ProviderHttpException.class);
    if (http != null) {
      int status = http.statusCode();
      Kind kind =
          switch (status) {
            case 401, 403 -> Kind.AUTHENTICATION;
            case 429 -> Kind.RATE_LIMITED;
            case 400, 404, 409, 413, 422 -> Kind.BAD_REQUEST;
            default -> status >= 500 ? Kind.UNAVAILABLE : Kind.BAD_REQUEST;
          };
      Duration retryAfter = http.retryAfter();
      return new ModelCallException(
          kind,
          status,
          retryAfter,
          what + " failed with HTTP " + status + ": " + http.getMessage(),
          thrown);
    }
    HttpException other = find(thrown, HttpException.class);
    if (other != null) {
      return new ModelCallException(
          other.statusCode() == 429
              ? Kind.RATE_LIMITED
              : other.statusCode() >= 500 ? Kind.UNAVAILABLE : Kind.BAD_REQUEST,
          other.statusCode(),
          null,
          what + " failed with HTTP " + other.statusCode() + ": " + other.getMessage(),
          thrown);
    }
    if (find(thrown, HttpTimeoutException.class) != null
        || find(thrown, dev.langchain4j.exception.TimeoutException.class) != null) {
      return new ModelCallException(Kind.TIMEOUT, 0, null, what + " timed out", thrown);
    }
    if (find(thrown, ConnectException.class) != null
        || find(thrown, UncheckedIOException.class) != null) {
      return new ModelCallException(
          Kind.UNAVAILABLE, 0, null, what + " could not reach the provider: " + thrown, thrown);
    }
    return new ModelCallException(
        Kind.MALFORMED_RESPONSE,
        0,
        null,
        what + " failed: " + thrown.getClass().getSimpleName() + ": " + thrown.getMessage(),
        thrown);
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}

package dev.tyboo.nodes.internal;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110, section 10.2.3): seconds (a fraction too, as
 * some services send), or an HTTP date, which gives the wait from now (zero once it has passed).
 */
public final class RetryAfter {

  /** The longest wait believed; a service asking for more is waited on this long, then retried. */
  static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /**
   * {@return the wait a header value asks for, or {@code null} when it is absent or unreadable}
   *
   * @param value the header's value, or {@code null}
   */
  public static Duration parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 ? null : bounded(Duration.ofMillis((long) (seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d =
            Duration.between(
                ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return bounded(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /**
   * {@return the wait a response's {@code Retry-After} header asks for, if it has a readable one}
   *
   * @param headers the response's headers
   */
  public static Optional<Duration> of(java.net.http.HttpHeaders headers) {
    return Optional.ofNullable(parse(headers.firstValue("Retry-After").orElse(null)));
  }

  private static Duration bounded(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}

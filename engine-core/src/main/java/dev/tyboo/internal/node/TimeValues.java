package dev.tyboo.internal.node;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text forms of {@code PropertyType.DURATION} and {@code PropertyType.INSTANT} values: ISO-8601
 * durations ({@code PT15M}, {@code P3D}) or a short form ({@code 500ms}, {@code 30s}, {@code
 * 1h30m}, {@code 2d}), never negative; ISO-8601 instants with {@code Z} or an offset.
 */
public final class TimeValues {

  /** How a duration is written, for error messages. */
  public static final String DURATION_FORM = "a duration such as PT15M, P3D, 500ms, 30s or 1h30m";

  /** How an instant is written, for error messages. */
  public static final String INSTANT_FORM = "an ISO-8601 instant such as 2026-12-24T18:00:00Z";

  private static final int MAX_LENGTH = 64;
  private static final Pattern SHORT = Pattern.compile("(?:\\d{1,12}(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private TimeValues() {}

  /**
   * {@return the duration, or {@code null} when the text is not one (or is negative)}
   *
   * @param text the text
   */
  public static Duration duration(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return null;
    }
    try {
      if (SHORT.matcher(text).matches()) {
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
          long n = Long.parseLong(m.group(1));
          d =
              d.plus(
                  switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                  });
        }
        return d;
      }
      Duration d = Duration.parse(text);
      return d.isNegative() ? null : d;
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * {@return the instant, or {@code null} when the text is not one}
   *
   * @param text the text
   */
  public static Instant instant(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant(); // Z is an offset too
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

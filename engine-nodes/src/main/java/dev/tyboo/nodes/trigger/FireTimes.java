package dev.tyboo.nodes.trigger;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The fire times of a schedule: a cron expression in a time zone, or a fixed interval.
 *
 * <p>Cron: 5 fields (minute hour day-of-month month day-of-week, as Unix cron) or 6 (seconds
 * first). Across daylight-saving changes, a time that falls in the gap when clocks jump forward
 * fires once, that much later (02:30 becomes 03:30), and a time that the fall-back repeats fires
 * once, at its first occurrence, unless the hour field repeats anyway ({@code 0 * * * *} fires
 * every real hour, both 02:00s included).
 *
 * <p>Interval: an ISO-8601 duration ({@code PT15M}) of at least one second, aligned to the epoch in
 * UTC ({@code PT15M} fires at :00, :15, :30, :45), so every process computes the same times.
 */
final class FireTimes {

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser WITH_SECONDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

  private final ExecutionTime cron;
  private final long stepSeconds;
  private final ZoneId zone;
  private final String description;

  private FireTimes(ExecutionTime cron, long stepSeconds, ZoneId zone, String description) {
    this.cron = cron;
    this.stepSeconds = stepSeconds;
    this.zone = zone;
    this.description = description;
  }

  /**
   * {@return the fire times a Schedule trigger's parameters say}
   *
   * @param parameters the node's literal parameters
   * @throws IllegalArgumentException naming the parameter that is wrong
   */
  static FireTimes of(Map<String, Object> parameters) {
    Object cron = parameters.get("cron");
    Object every = parameters.get("every");
    ZoneId zone = zone(parameters.getOrDefault("timeZone", "UTC"));
    if (cron != null && every != null) {
      throw new IllegalArgumentException("cron: give either 'cron' or 'every', not both");
    }
    if (cron instanceof String expression) {
      String[] fields = expression.strip().split("\\s+");
      CronParser parser =
          switch (fields.length) {
            case 5 -> UNIX;
            case 6 -> WITH_SECONDS;
            default ->
                throw new IllegalArgumentException(
                    "cron: '"
                        + expression
                        + "' has "
                        + fields.length
                        + " fields; use 5 (minute hour day month weekday) or 6 (seconds first)");
          };
      try {
        return new FireTimes(
            ExecutionTime.forCron(parser.parse(expression.strip())),
            0,
            zone,
            "cron '" + expression.strip() + "' in " + zone);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cron: '" + expression + "': " + e.getMessage(), e);
      }
    }
    if (every instanceof String duration) {
      Duration step;
      try {
        step = Duration.parse(duration);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "every: '" + duration + "' is not an ISO-8601 duration such as PT15M or PT1H", e);
      }
      if (step.toMillis() < 1000 || step.getNano() != 0) {
        throw new IllegalArgumentException(
            "every: '" + duration + "' must be a whole number of seconds, at least PT1S");
      }
      return new FireTimes(null, step.getSeconds(), zone, "every " + step);
    }
    throw new IllegalArgumentException("cron: give 'cron' (e.g. 0 8 * * MON-FRI) or 'every'");
  }

  private static ZoneId zone(Object value) {
    try {
      return ZoneId.of(String.valueOf(value));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "timeZone: '" + value + "' is not a time zone id such as Europe/Paris or UTC", e);
    }
  }

  /** {@return the time zone that cron fields and local times are read in} */
  ZoneId zone() {
    return zone;
  }

  /**
   * {@return the first fire time strictly after {@code t}, or {@code null} when there is none}
   *
   * @param t an instant
   */
  Instant after(Instant t) {
    if (cron == null) {
      long s = Math.floorDiv(t.getEpochSecond(), stepSeconds) * stepSeconds + stepSeconds;
      return Instant.ofEpochSecond(s);
    }
    ZonedDateTime at = t.atZone(zone);
    Instant next = cron.nextExecution(at).map(ZonedDateTime::toInstant).orElse(null);
    // cron-utils skips a local time that falls in a DST gap; cron users expect it to run, later
    LocalDateTime local = at.toLocalDateTime();
    LocalDateTime localNext =
        cron.nextExecution(local.atZone(ZoneOffset.UTC))
            .map(ZonedDateTime::toLocalDateTime)
            .orElse(null);
    if (localNext != null && zone.getRules().getValidOffsets(localNext).isEmpty()) {
      Instant shifted = ZonedDateTime.ofLocal(localNext, zone, null).toInstant();
      if (shifted.isAfter(t) && (next == null || shifted.isBefore(next))) {
        next = shifted;
      }
    }
    return next;
  }

  /**
   * {@return the last fire time at or before {@code t}, or {@code null} when there is none}
   *
   * @param t an instant
   */
  Instant atOrBefore(Instant t) {
    if (cron == null) {
      return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), stepSeconds) * stepSeconds);
    }
    return cron.lastExecution(t.plusNanos(1).atZone(zone))
        .map(ZonedDateTime::toInstant)
        .orElse(null);
  }

  @Override
  public String toString() {
    return description;
  }
}

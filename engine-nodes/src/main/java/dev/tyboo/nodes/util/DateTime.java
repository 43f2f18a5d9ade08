package dev.tyboo.nodes.util;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.JsonPaths;
import dev.tyboo.workflow.NodeDefinition;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a date-time per item from {@code value} and writes a result to {@code destination} (JSON
 * type {@code dateTime}). The value is an ISO-8601 instant or offset date-time, epoch milliseconds
 * (a number), or, with {@code inputPattern}, text in that pattern read in {@code timeZone}.
 * Actions:
 *
 * <ul>
 *   <li>{@code format}: the date-time in {@code timeZone} (default UTC) written with {@code
 *       pattern} ({@link DateTimeFormatter} letters, e.g. {@code yyyy-MM-dd HH:mm});
 *   <li>{@code shift}: the date-time plus {@code amount}, an ISO-8601 period or duration ({@code
 *       P1D}, {@code -PT2H}, {@code P1M}), counted on the calendar of {@code timeZone} (so {@code
 *       P1D} across a DST change keeps the wall-clock time), written as an ISO offset date-time;
 *   <li>{@code toIso}: the date-time as an ISO-8601 instant (UTC).
 * </ul>
 */
public final class DateTime {

  /** The JSON type name. */
  public static final String TYPE = "dateTime";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Date & Time")
          .description("Formats, shifts or normalizes a date-time, in a time zone")
          .property(PropertySpec.string("action").oneOf("format", "shift", "toIso").required())
          .property(PropertySpec.any("value").required().describedAs("ISO text or epoch millis"))
          .property(PropertySpec.string("inputPattern"))
          .property(PropertySpec.string("pattern").describedAs("format: output pattern"))
          .property(PropertySpec.string("amount").describedAs("shift: ISO period or duration"))
          .property(PropertySpec.string("timeZone").withDefault("UTC"))
          .property(PropertySpec.string("destination").withDefault("data"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, DateTime::execute);

  private DateTime() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node formatting a date-time}
   *
   * @param value the date-time, usually an expression
   * @param pattern the output pattern
   * @param timeZone a zone id such as {@code Europe/Paris}
   * @param destination the field to write
   */
  public static NodeDefinition format(
      String value, String pattern, String timeZone, String destination) {
    return definition("format", value, timeZone, destination, "pattern", pattern);
  }

  /**
   * {@return a node shifting a date-time}
   *
   * @param value the date-time, usually an expression
   * @param amount an ISO-8601 period or duration, e.g. {@code P1D}
   * @param timeZone the calendar's zone
   * @param destination the field to write
   */
  public static NodeDefinition shift(
      String value, String amount, String timeZone, String destination) {
    return definition("shift", value, timeZone, destination, "amount", amount);
  }

  private static NodeDefinition definition(
      String action, String value, String zone, String destination, String key, String extra) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("action", action);
    p.put("value", Objects.requireNonNull(value, "value"));
    p.put(key, Objects.requireNonNull(extra, key));
    p.put("timeZone", Objects.requireNonNull(zone, "timeZone"));
    p.put("destination", Objects.requireNonNull(destination, "destination"));
    return NodeDefinition.of(INSTANCE, p);
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      try {
        ZoneId zone = ZoneId.of(ctx.stringParameter("timeZone", i));
        ZonedDateTime at = read(ctx, i, zone);
        Object result =
            switch (ctx.stringParameter("action", i)) {
              case "format" ->
                  DateTimeFormatter.ofPattern(required(ctx, "pattern", i), Locale.ROOT).format(at);
              case "shift" ->
                  DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                      shift(at, required(ctx, "amount", i)));
              default -> at.toInstant().toString();
            };
        Map<String, Object> json = JsonPaths.mutableCopy(input.get(i).json());
        JsonPaths.set(json, ctx.stringParameter("destination", i), result);
        out.add(input.get(i).withJson(json));
      } catch (DateTimeException | IllegalArgumentException e) {
        throw new NonRetryableNodeException("item " + i + ": " + e.getMessage(), e);
      }
    }
    return NodeResult.of(out);
  }

  private static ZonedDateTime read(NodeContext ctx, int i, ZoneId zone) {
    Object value = ctx.parameter("value", i);
    if (value instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue()).atZone(zone);
    }
    if (value == null) {
      throw new IllegalArgumentException("parameter 'value' is empty");
    }
    String text = value.toString();
    String pattern = ctx.stringParameter("inputPattern", i);
    if (pattern != null) {
      TemporalAccessor t =
          DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(zone).parse(text);
      return t.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)
          ? ZonedDateTime.from(t)
          : LocalDate.from(t).atStartOfDay(zone);
    }
    try {
      return OffsetDateTime.parse(text).atZoneSameInstant(zone);
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).atZone(zone);
      } catch (DateTimeParseException notLocal) {
        return LocalDate.parse(text).atStartOfDay(zone);
      }
    }
  }

  private static ZonedDateTime shift(ZonedDateTime at, String amount) {
    boolean negative = amount.startsWith("-");
    String body = negative ? amount.substring(1) : amount;
    int t = body.indexOf('T');
    if (t < 0) {
      Period p = Period.parse(body);
      return at.plus(negative ? p.negated() : p);
    }
    if (t == 1) {
      Duration d = Duration.parse(body);
      return at.plus(negative ? d.negated() : d);
    }
    Period p = Period.parse(body.substring(0, t));
    Duration d = Duration.parse("P" + body.substring(t));
    return negative ? at.minus(p).minus(d) : at.plus(p).plus(d);
  }

  private static String required(NodeContext ctx, String name, int item) {
    String v = ctx.stringParameter(name, item);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' is required for action '"
              + ctx.stringParameter("action", item)
              + "'");
    }
    return v;
  }
}

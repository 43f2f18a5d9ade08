package dev.tyboo.node;

import dev.tyboo.internal.node.TimeValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The JSON type of a node parameter. */
public enum PropertyType {
  /** A JSON string. */
  STRING("string"),
  /** Any JSON number. */
  NUMBER("number"),
  /** A JSON number without a fractional part. */
  INTEGER("integer"),
  /** {@code true} or {@code false}. */
  BOOLEAN("boolean"),
  /** A JSON object. */
  OBJECT("object"),
  /** A JSON array. */
  ARRAY("array"),
  /**
   * A workflow written inside the node (a JSON object with {@code nodes} and {@code connections}),
   * such as a loop's body. The engine reads it with its node types when it validates the workflow
   * that holds it, reporting problems under the parameter's path, and deploys it with that workflow
   * under the name {@link NodeFlow#embeddedWorkflow} gives.
   */
  WORKFLOW("object"),
  /**
   * Program text for a script sandbox (the Code node's): a JSON string taken as written, never read
   * for {@code {{ }}} expressions, since code has braces of its own.
   */
  CODE("string"),
  /**
   * A length of time, written as a JSON string: an ISO-8601 duration ({@code "PT15M"}, {@code
   * "P3D"}) or a short form ({@code "500ms"}, {@code "30s"}, {@code "1h30m"}, {@code "2d"}); never
   * negative. Binds to {@link java.time.Duration}.
   */
  DURATION("string"),
  /**
   * A point in time, written as a JSON string: an ISO-8601 instant with {@code Z} or an offset
   * ({@code "2026-12-24T18:00:00Z"}, {@code "2026-12-24T19:00:00+01:00"}). Binds to {@link
   * java.time.Instant}.
   */
  INSTANT("string"),
  /** Any JSON value. */
  ANY(null);

  private final String jsonSchemaType;

  PropertyType(String jsonSchemaType) {
    this.jsonSchemaType = jsonSchemaType;
  }

  /**
   * {@return whether a JSON value has this type (an integer is a number without a fractional part;
   * {@code null} has no type but {@link #ANY})}
   *
   * @param value a JSON value
   */
  public boolean accepts(Object value) {
    return switch (this) {
      case ANY -> true;
      case STRING, CODE -> value instanceof String;
      case DURATION -> value instanceof String s && TimeValues.duration(s) != null;
      case INSTANT -> value instanceof String s && TimeValues.instant(s) != null;
      case BOOLEAN -> value instanceof Boolean;
      case NUMBER -> value instanceof Number;
      case INTEGER ->
          value instanceof Integer
              || value instanceof Long
              || value instanceof BigInteger
              || value instanceof Short
              || value instanceof Byte
              || value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0
              || value instanceof Double d && d == Math.rint(d);
      case OBJECT, WORKFLOW -> value instanceof Map;
      case ARRAY -> value instanceof List;
    };
  }

  /**
   * {@return the JSON Schema {@code format} keyword's value ({@code duration}, {@code date-time}),
   * or {@code null} when the type has none}
   */
  public String jsonSchemaFormat() {
    return switch (this) {
      case DURATION -> "duration";
      case INSTANT -> "date-time";
      default -> null;
    };
  }

  /** {@return the JSON Schema {@code type} keyword's value, or {@code null} for {@link #ANY}} */
  public String jsonSchemaType() {
    return jsonSchemaType;
  }
}

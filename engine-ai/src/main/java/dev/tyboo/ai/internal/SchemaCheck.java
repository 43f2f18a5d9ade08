package dev.tyboo.ai.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against the part of JSON Schema that describes a model's structured answer:
 * {@code type} (one or a list), {@code properties}, {@code required}, {@code additionalProperties:
 * false}, {@code items}, {@code enum}, {@code minimum}, {@code maximum}, {@code minLength}, {@code
 * maxLength}, {@code minItems}, {@code maxItems}. Other keywords are ignored. Each problem names
 * its JSON path, such as {@code $.lines[2].qty}.
 */
public final class SchemaCheck {

  private static final int MAX_PROBLEMS = 50;

  private SchemaCheck() {}

  /**
   * {@return the value's problems against the schema; empty when it conforms}
   *
   * @param value the parsed JSON value
   * @param schema the schema
   */
  public static List<String> problems(Object value, Map<?, ?> schema) {
    List<String> out = new ArrayList<>();
    check(value, schema, "$", out);
    return out.size() > MAX_PROBLEMS ? out.subList(0, MAX_PROBLEMS) : out;
  }

  private static void check(Object value, Map<?, ?> schema, String path, List<String> out) {
    if (out.size() > MAX_PROBLEMS) {
      return;
    }
    Object type = schema.get("type");
    if (type != null && !matchesType(value, type)) {
      out.add(
          path
              + ": must be "
              + (type instanceof List<?> l ? "of a type in " + l : "of type " + type)
              + ", was "
              + describe(value));
      return;
    }
    if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
      out.add(path + ": must be one of " + allowed + ", was " + describe(value));
    }
    if (value instanceof Map<?, ?> object) {
      Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
      if (schema.get("required") instanceof List<?> required) {
        for (Object name : required) {
          if (!object.containsKey(name)) {
            out.add(path + "." + name + ": is required");
          }
        }
      }
      for (Map.Entry<?, ?> e : object.entrySet()) {
        String child = path + "." + e.getKey();
        if (properties.get(e.getKey()) instanceof Map<?, ?> sub) {
          check(e.getValue(), sub, child, out);
        } else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
          out.add(child + ": is not allowed (the schema names " + properties.keySet() + ")");
        }
      }
    } else if (value instanceof List<?> array) {
      size(array.size(), schema, "minItems", "maxItems", "items", path, out);
      if (schema.get("items") instanceof Map<?, ?> items) {
        for (int i = 0; i < array.size(); i++) {
          check(array.get(i), items, path + "[" + i + "]", out);
        }
      }
    } else if (value instanceof String s) {
      size(
          s.codePointCount(0, s.length()),
          schema,
          "minLength",
          "maxLength",
          "characters",
          path,
          out);
    } else if (value instanceof Number n) {
      BigDecimal v = new BigDecimal(n.toString());
      if (schema.get("minimum") instanceof Number min
          && v.compareTo(new BigDecimal(min.toString())) < 0) {
        out.add(path + ": must be at least " + min + ", was " + n);
      }
      if (schema.get("maximum") instanceof Number max
          && v.compareTo(new BigDecimal(max.toString())) > 0) {
        out.add(path + ": must be at most " + max + ", was " + n);
      }
    }
  }

  private static void size(
      int size,
      Map<?, ?> schema,
      String minKey,
      String maxKey,
      String unit,
      String path,
      List<String> out) {
    if (schema.get(minKey) instanceof Number min && size < min.intValue()) {
      out.add(path + ": must have at least " + min + " " + unit + ", has " + size);
    }
    if (schema.get(maxKey) instanceof Number max && size > max.intValue()) {
      out.add(path + ": must have at most " + max + " " + unit + ", has " + size);
    }
  }

  private static boolean matchesType(Object value, Object type) {
    if (type instanceof List<?> types) {
      return types.stream().anyMatch(t -> matchesType(value, t));
    }
    return switch (String.valueOf(type)) {
      case "object" -> value instanceof Map<?, ?>;
      case "array" -> value instanceof List<?>;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "null" -> value == null;
      case "number" -> value instanceof Number;
      case "integer" ->
          value instanceof Integer
              || value instanceof Long
              || value instanceof java.math.BigInteger
              || (value instanceof Number n
                  && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0);
      default -> true;
    };
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "an array";
    }
    String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }
}

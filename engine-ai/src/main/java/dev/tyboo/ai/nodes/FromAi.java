package dev.tyboo.ai.nodes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $fromAI('key', 'description', 'type')} placeholders of a node tool's parameters: the
 * model fills them. A parameter that is one placeholder takes the argument as it is (a number stays
 * a number); a placeholder inside a text is replaced by the argument's text. Their keys,
 * descriptions and types make the tool's JSON schema (every key required; type {@code string}
 * unless said).
 */
final class FromAi {

  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "\\$fromAI\\(\\s*'([A-Za-z][A-Za-z0-9_]{0,63})'\\s*"
              + "(?:,\\s*'([^']{0,500})'\\s*)?"
              + "(?:,\\s*'(string|number|integer|boolean|object|array)'\\s*)?\\)");

  private FromAi() {}

  /** {@return the JSON schema of the placeholders in the parameters} */
  static Map<String, Object> schema(Map<?, ?> parameters) {
    Map<String, Object> properties = new LinkedHashMap<>();
    collect(parameters, properties);
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", new ArrayList<>(properties.keySet()));
    return schema;
  }

  private static void collect(Object value, Map<String, Object> properties) {
    if (value instanceof String s) {
      Matcher m = PLACEHOLDER.matcher(s);
      while (m.find()) {
        boolean whole = m.start() == 0 && m.end() == s.length();
        String type = m.group(3) == null || !whole ? "string" : m.group(3);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        if (m.group(2) != null) {
          p.put("description", m.group(2));
        }
        properties.putIfAbsent(m.group(1), p);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> collect(v, properties));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, properties));
    }
  }

  /** {@return the parameters with every placeholder filled from the arguments} */
  static Object fill(Object value, Map<String, Object> arguments) {
    if (value instanceof String s) {
      Matcher m = PLACEHOLDER.matcher(s);
      if (m.matches()) {
        return arguments.get(m.group(1));
      }
      StringBuilder out = new StringBuilder();
      m.reset();
      while (m.find()) {
        Object arg = arguments.get(m.group(1));
        m.appendReplacement(out, Matcher.quoteReplacement(arg == null ? "" : String.valueOf(arg)));
      }
      m.appendTail(out);
      return out.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), fill(v, arguments)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(fill(v, arguments)));
      return out;
    }
    return value;
  }
}

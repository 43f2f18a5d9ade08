package dev.tyboo.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deeply immutable JSON values: maps keep insertion order and allow {@code null} values, unlike
 * {@code Map.copyOf}. Freezing an already frozen value is free, so items passed through nodes
 * unchanged are never copied.
 */
public final class JsonValues {
  private JsonValues() {}

  /**
   * Deepest nesting of objects and arrays accepted; deeper values are refused rather than
   * overflowing the stack.
   */
  public static final int MAX_DEPTH = 256;

  /** The frozen empty object. */
  public static final Map<String, Object> EMPTY_OBJECT = new FrozenMap(new LinkedHashMap<>());

  /**
   * Returns a deeply immutable copy of a JSON object made of maps, lists, strings, numbers,
   * booleans and nulls.
   *
   * @param value the object to freeze
   * @param path where the value is, for error messages
   * @return the frozen object
   * @throws IllegalArgumentException naming the path of a value that is not JSON
   */
  public static Map<String, Object> freezeObject(Map<?, ?> value, String path) {
    return freezeObject(value, path, 0);
  }

  private static Map<String, Object> freezeObject(Map<?, ?> value, String path, int depth) {
    if (value instanceof FrozenMap frozen) {
      return frozen;
    }
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException(path + ": nested deeper than " + MAX_DEPTH + " levels");
    }
    LinkedHashMap<String, Object> copy = LinkedHashMap.newLinkedHashMap(value.size());
    for (Map.Entry<?, ?> e : value.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            path + ": object keys must be strings, found " + describeType(e.getKey()));
      }
      copy.put(key, freeze(e.getValue(), path + "." + key, depth + 1));
    }
    return new FrozenMap(copy);
  }

  /**
   * Returns a deeply immutable copy of a JSON value.
   *
   * @param value a map, list, string, number, boolean or null
   * @param path where the value is, for error messages
   * @return the frozen value
   * @throws IllegalArgumentException naming the path of a value that is not JSON
   */
  public static Object freeze(Object value, String path) {
    return freeze(value, path, 0);
  }

  private static Object freeze(Object value, String path, int depth) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof BigDecimal
        || value instanceof BigInteger
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Float) {
      if (value instanceof Double d && (d.isNaN() || d.isInfinite())
          || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
        throw new IllegalArgumentException(path + ": NaN and infinite numbers are not JSON");
      }
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return freezeObject(map, path, depth);
    }
    if (value instanceof FrozenList) {
      return value;
    }
    if (value instanceof Collection<?> list) {
      if (depth >= MAX_DEPTH) {
        throw new IllegalArgumentException(path + ": nested deeper than " + MAX_DEPTH + " levels");
      }
      ArrayList<Object> copy = new ArrayList<>(list.size());
      int i = 0;
      for (Object element : list) {
        copy.add(freeze(element, path + "[" + i++ + "]", depth + 1));
      }
      return new FrozenList(copy);
    }
    if (value instanceof Object[] array) {
      return freeze(java.util.Arrays.asList(array), path, depth);
    }
    if (value instanceof Character || value instanceof Enum<?>) {
      return value.toString();
    }
    throw new IllegalArgumentException(
        path
            + ": "
            + describeType(value)
            + " is not a JSON value (use maps, lists, strings, numbers, booleans or null)");
  }

  /**
   * {@return a Jackson tree as plain JSON values: ordered maps, lists, strings, booleans, {@code
   * null}, and numbers as {@code Integer}, {@code Long} or {@code BigInteger} when integral, else
   * {@code Double} (or {@code BigDecimal} when the parser kept decimals or the value overflows a
   * double)}
   *
   * @param node a JSON tree
   */
  public static Object fromTree(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), fromTree(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(e -> list.add(fromTree(e)));
      return list;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.numberValue(); // Integer, Long or BigInteger, whichever fits
    }
    if (node.isBigDecimal()) {
      return node.decimalValue();
    }
    if (node.isNumber()) {
      double d = node.doubleValue();
      return Double.isFinite(d) ? d : node.decimalValue();
    }
    return null;
  }

  private static String describeType(Object value) {
    return value == null ? "null" : "a " + value.getClass().getName();
  }

  /**
   * {@return its JSON type and a short rendering, for messages}
   *
   * @param value a JSON value
   */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String type =
        value instanceof String
            ? "string"
            : value instanceof Number
                ? "number"
                : value instanceof Boolean
                    ? "boolean"
                    : value instanceof Map
                        ? "object"
                        : value instanceof List ? "array" : value.getClass().getSimpleName();
    String text = String.valueOf(value);
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return type + " " + (value instanceof String ? "'" + text + "'" : text);
  }

  /** An unmodifiable, insertion-ordered map that allows null values. */
  static final class FrozenMap extends AbstractMap<String, Object> {
    private final Map<String, Object> delegate;

    FrozenMap(LinkedHashMap<String, Object> delegate) {
      this.delegate = delegate;
    }

    @Override
    public Object get(Object key) {
      return delegate.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return delegate.containsKey(key);
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Collections.unmodifiableMap(delegate).entrySet();
    }
  }

  /** An unmodifiable list that allows null elements. */
  static final class FrozenList extends AbstractList<Object> implements java.util.RandomAccess {
    private final List<Object> delegate;

    FrozenList(List<Object> delegate) {
      this.delegate = delegate;
    }

    @Override
    public Object get(int index) {
      return delegate.get(index);
    }

    @Override
    public int size() {
      return delegate.size();
    }
  }
}

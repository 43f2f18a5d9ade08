package dev.tyboo.nodes.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dot paths ({@code customer.address.city}) into item JSON: reading from immutable maps, and
 * writing into mutable deep copies.
 */
public final class JsonPaths {

  private JsonPaths() {}

  /**
   * {@return the value at the path, or {@code null} when any step is missing or not an object}
   *
   * @param json an item's JSON
   * @param path a dot path
   */
  public static Object get(Map<String, ?> json, String path) {
    Object current = json;
    for (String step : path.split("\\.", -1)) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(step);
    }
    return current;
  }

  /**
   * {@return a mutable deep copy (maps and lists) of an item's JSON}
   *
   * @param json an item's JSON
   */
  public static Map<String, Object> mutableCopy(Map<String, ?> json) {
    Map<String, Object> copy = new LinkedHashMap<>();
    json.forEach((k, v) -> copy.put(k, copyValue(v)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return mutableCopy((Map<String, ?>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      l.forEach(e -> copy.add(copyValue(e)));
      return copy;
    }
    return v;
  }

  /**
   * Sets the value at the path in a mutable copy, creating (or replacing non-object) parents.
   *
   * @param json a mutable copy
   * @param path a dot path
   * @param value the value
   */
  @SuppressWarnings("unchecked")
  public static void set(Map<String, Object> json, String path, Object value) {
    String[] steps = path.split("\\.", -1);
    Map<String, Object> current = json;
    for (int i = 0; i < steps.length - 1; i++) {
      Object next = current.get(steps[i]);
      if (!(next instanceof Map<?, ?>)) {
        next = new LinkedHashMap<String, Object>();
        current.put(steps[i], next);
      }
      current = (Map<String, Object>) next;
    }
    current.put(steps[steps.length - 1], copyValue(value));
  }

  /**
   * Removes the value at the path from a mutable copy.
   *
   * @param json a mutable copy
   * @param path a dot path
   * @return the removed value, or {@code null} when there was none
   */
  @SuppressWarnings("unchecked")
  public static Object remove(Map<String, Object> json, String path) {
    String[] steps = path.split("\\.", -1);
    Map<String, Object> current = json;
    for (int i = 0; i < steps.length - 1; i++) {
      if (!(current.get(steps[i]) instanceof Map<?, ?> next)) {
        return null;
      }
      current = (Map<String, Object>) next;
    }
    return current.remove(steps[steps.length - 1]);
  }

  /**
   * {@return whether the path exists in the JSON}
   *
   * @param json an item's JSON
   * @param path a dot path
   */
  public static boolean has(Map<String, ?> json, String path) {
    String[] steps = path.split("\\.", -1);
    Object current = json;
    for (String step : steps) {
      if (!(current instanceof Map<?, ?> m) || !m.containsKey(step)) {
        return false;
      }
      current = m.get(step);
    }
    return true;
  }

  /**
   * {@return the text in an input item's field}
   *
   * @param ctx the node's context
   * @param itemIndex the item
   * @param path the field's dot path
   * @param kind what the text must be, for the message, e.g. {@code "an XML string"}
   * @throws dev.tyboo.error.NonRetryableNodeException naming node, field and item when the field is
   *     missing or not a string
   */
  public static String requireText(
      dev.tyboo.node.NodeContext ctx, int itemIndex, String path, String kind) {
    Object value = get(ctx.input().get(itemIndex).json(), path);
    if (value instanceof String s) {
      return s;
    }
    throw new dev.tyboo.error.NonRetryableNodeException(
        "field '"
            + path
            + "' of item "
            + itemIndex
            + " must be "
            + kind
            + ", was "
            + (value == null ? "missing" : value.getClass().getSimpleName()));
  }
}

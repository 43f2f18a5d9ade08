package dev.tyboo.node;

import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.spi.binary.BinaryRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The unit of data that flows between nodes: a JSON object plus named binary attachments, as in
 * n8n.
 *
 * <p>Items are deeply immutable. {@code json} holds only maps (insertion-ordered, {@code null}
 * values allowed), lists, strings, numbers, booleans and {@code null}; the factories copy what they
 * are given once, and never again when an item passes through a node unchanged. This class is
 * thread-safe.
 *
 * @param json the item's JSON object; never {@code null}
 * @param binary binary attachments by name, pointing into the engine's binary store; never {@code
 *     null}
 */
public record Item(Map<String, Object> json, Map<String, BinaryRef> binary) {

  private static final Item EMPTY = new Item(JsonValues.EMPTY_OBJECT, Map.of());

  /**
   * Copies and freezes the components.
   *
   * @throws IllegalArgumentException naming the path of a value that is not JSON
   */
  public Item {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(binary, "binary");
    json = JsonValues.freezeObject(json, "$json");
    binary = binary.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(binary));
  }

  /** {@return an item with an empty JSON object and no binary data} */
  public static Item empty() {
    return EMPTY;
  }

  /**
   * {@return an item with that JSON and no binary data}
   *
   * @param json the JSON object (copied)
   */
  public static Item of(Map<String, ?> json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) json;
    return new Item(map, Map.of());
  }

  /**
   * {@return one item per object, in order}
   *
   * @param jsons JSON objects, one per item
   */
  @SafeVarargs
  public static List<Item> listOf(Map<String, ?>... jsons) {
    List<Item> items = new ArrayList<>(jsons.length);
    for (Map<String, ?> json : jsons) {
      items.add(of(json));
    }
    return List.copyOf(items);
  }

  /**
   * {@return an item with the new JSON and this item's binary data}
   *
   * @param newJson the JSON object of the new item (copied)
   */
  public Item withJson(Map<String, ?> newJson) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) newJson;
    return new Item(map, binary);
  }

  /**
   * {@return an item whose JSON has {@code field} set to {@code value}, other fields unchanged}
   *
   * @param field a top-level field name
   * @param value its new value (a JSON value)
   */
  public Item with(String field, Object value) {
    Objects.requireNonNull(field, "field");
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(json);
    copy.put(field, value);
    return new Item(copy, binary);
  }

  /**
   * {@return an item with that attachment added or replaced}
   *
   * @param name the attachment's name, for example {@code data}
   * @param ref where the bytes are
   */
  public Item withBinary(String name, BinaryRef ref) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ref, "ref");
    LinkedHashMap<String, BinaryRef> copy = new LinkedHashMap<>(binary);
    copy.put(name, ref);
    return new Item(json, copy);
  }

  /**
   * {@return the field's value, or {@code null} when absent}
   *
   * @param field a top-level field name
   */
  public Object get(String field) {
    return json.get(field);
  }
}

package dev.tyboo.nodes.data;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.JsonOrder;
import dev.tyboo.nodes.internal.JsonPaths;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops items equal to an earlier one, keeping the first (JSON type {@code removeDuplicates}):
 * compared on the listed fields ({@code fields}, dot paths), or on the whole JSON when none are
 * listed. Numbers compare by value ({@code 1} equals {@code 1.0}).
 */
public final class RemoveDuplicates {

  /** The JSON type name. */
  public static final String TYPE = "removeDuplicates";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Remove Duplicates")
          .description("Keeps the first of items that are equal on some fields or on all")
          .property(PropertySpec.array("fields").describedAs("dot paths; empty compares all"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, RemoveDuplicates::execute);

  private RemoveDuplicates() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that compares items on these fields}
   *
   * @param fields dot paths
   */
  public static NodeDefinition byFields(String... fields) {
    return NodeDefinition.of(INSTANCE, Map.of("fields", List.of(fields)));
  }

  /** {@return a node that compares whole items} */
  public static NodeDefinition wholeItems() {
    return NodeDefinition.of(INSTANCE, Map.of());
  }

  private static NodeResult execute(NodeContext ctx) {
    List<?> fields = ctx.parameter("fields", 0, List.class);
    for (int i = 0; fields != null && i < fields.size(); i++) {
      if (!(fields.get(i) instanceof String)) {
        throw new NonRetryableNodeException(
            "parameter 'fields[" + i + "]' must be a dot path, was " + fields.get(i));
      }
    }
    Set<Object> seen = new HashSet<>();
    List<Item> kept = new ArrayList<>();
    for (Item item : ctx.input()) {
      Object key;
      if (fields == null || fields.isEmpty()) {
        key = canonical(item.json());
      } else {
        List<Object> values = new ArrayList<>(fields.size());
        for (Object f : fields) {
          values.add(canonical(JsonPaths.get(item.json(), (String) f)));
        }
        key = values;
      }
      if (seen.add(key)) {
        kept.add(item);
      }
    }
    return NodeResult.of(kept);
  }

  /** Numbers as BigDecimal without trailing zeros, so that 1 and 1.0 are one key. */
  private static Object canonical(Object v) {
    if (v instanceof Number n) {
      return JsonOrder.numberKey(n);
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> c = new HashMap<>();
      m.forEach((k, x) -> c.put(k, canonical(x)));
      return c;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(RemoveDuplicates::canonical).toList();
    }
    return v;
  }
}

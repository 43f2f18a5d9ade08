package dev.tyboo.nodes.data;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.JsonPaths;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a list inside each item into one item per element (JSON type {@code splitOut}). An element
 * that is an object becomes the new item's JSON; any other element is kept under the list field's
 * last name. With {@code include = all}, the other fields of the original item are kept too.
 */
public final class SplitOut {

  /** The JSON type name. */
  public static final String TYPE = "splitOut";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Split Out")
          .description("Makes one item per element of a list field")
          .property(PropertySpec.string("field").required().describedAs("dot path to a list"))
          .property(PropertySpec.string("include").oneOf("none", "all").withDefault("none"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, SplitOut::execute);

  private SplitOut() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a Split Out node}
   *
   * @param field dot path to a list
   */
  public static NodeDefinition field(String field) {
    return NodeDefinition.of(INSTANCE, Map.of("field", Objects.requireNonNull(field)));
  }

  /**
   * {@return a Split Out node that keeps the other fields of each item}
   *
   * @param field dot path to a list
   */
  public static NodeDefinition fieldKeepingOthers(String field) {
    return NodeDefinition.of(
        INSTANCE, Map.of("field", Objects.requireNonNull(field), "include", "all"));
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      Item item = input.get(i);
      String field = ctx.stringParameter("field", i);
      boolean keepOthers = "all".equals(ctx.stringParameter("include", i));
      Object value = JsonPaths.get(item.json(), field);
      if (!(value instanceof List<?> list)) {
        throw new NonRetryableNodeException(
            "field '"
                + field
                + "' of item "
                + i
                + " is "
                + (value == null ? "missing" : "not a list but " + value)
                + "; Split Out needs a list");
      }
      String name = field.substring(field.lastIndexOf('.') + 1);
      for (Object element : list) {
        Map<String, Object> json = keepOthers ? JsonPaths.mutableCopy(item.json()) : null;
        if (json != null) {
          JsonPaths.remove(json, field);
        } else {
          json = new LinkedHashMap<>();
        }
        if (element instanceof Map<?, ?> m) {
          for (Map.Entry<?, ?> e : m.entrySet()) {
            json.put(String.valueOf(e.getKey()), e.getValue());
          }
        } else {
          json.put(name, element);
        }
        out.add(item.withJson(json));
      }
    }
    return NodeResult.of(out);
  }
}

package dev.tyboo.nodes.data;

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

/**
 * Gathers all input items into one item (JSON type {@code aggregate}): with {@code fields}, one
 * list per field of its values across the items ({@code {"email": ["a@x", "b@x"]}}, missing values
 * left out); without, the items' JSON as a list under {@code destination} (default {@code data}).
 * No input item gives no output item.
 */
public final class Aggregate {

  /** The JSON type name. */
  public static final String TYPE = "aggregate";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Aggregate")
          .description("Gathers the items into one: lists of field values, or all items")
          .property(PropertySpec.array("fields").describedAs("dot paths; empty gathers items"))
          .property(PropertySpec.string("destination").withDefault("data"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Aggregate::execute);

  private Aggregate() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return an Aggregate node gathering these fields' values}
   *
   * @param fields dot paths
   */
  public static NodeDefinition fields(String... fields) {
    return NodeDefinition.of(INSTANCE, Map.of("fields", List.of(fields)));
  }

  /**
   * {@return an Aggregate node gathering whole items under a field}
   *
   * @param destination the field that receives the list
   */
  public static NodeDefinition allItemsInto(String destination) {
    return NodeDefinition.of(INSTANCE, Map.of("destination", destination));
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    List<?> fields = ctx.parameter("fields", 0, List.class);
    Map<String, Object> json = new LinkedHashMap<>();
    if (fields == null || fields.isEmpty()) {
      List<Object> all = new ArrayList<>(input.size());
      input.forEach(i -> all.add(i.json()));
      JsonPaths.set(json, ctx.stringParameter("destination", 0), all);
    } else {
      for (Object f : fields) {
        String path = String.valueOf(f);
        List<Object> values = new ArrayList<>();
        for (Item item : input) {
          Object v = JsonPaths.get(item.json(), path);
          if (v != null) {
            values.add(v);
          }
        }
        JsonPaths.set(json, path.substring(path.lastIndexOf('.') + 1), values);
      }
    }
    return NodeResult.of(List.of(Item.of(json)));
  }
}

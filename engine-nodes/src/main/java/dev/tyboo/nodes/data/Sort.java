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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sorts items by one or more fields (JSON type {@code sort}); equal items keep their order.
 * Parameter {@code fields}: a list of {@code {"field": "<dot path>", "order": "asc"|"desc"}}.
 * Numbers sort by value, then strings, then booleans; missing values sort last in either order.
 *
 * <pre>{@code
 * .node("byTotal", Sort.builder().descending("total").ascending("customer.name").build())
 * }</pre>
 */
public final class Sort {

  /** The JSON type name. */
  public static final String TYPE = "sort";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Sort")
          .description("Sorts items by fields, ascending or descending")
          .property(
              PropertySpec.array("fields")
                  .required()
                  .describedAs("[{\"field\": \"total\", \"order\": \"desc\"}, ...]"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Sort::execute);

  private Sort() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a builder of Sort nodes} */
  public static Builder builder() {
    return new Builder();
  }

  private static NodeResult execute(NodeContext ctx) {
    List<?> fields = ctx.parameter("fields", 0, List.class);
    Comparator<Item> order = null;
    for (int i = 0; i < fields.size(); i++) {
      Comparator<Item> next = key(ctx, fields.get(i), i);
      order = order == null ? next : order.thenComparing(next);
    }
    if (order == null) {
      throw new NonRetryableNodeException("parameter 'fields' lists no field to sort by");
    }
    List<Item> sorted = new ArrayList<>(ctx.input());
    sorted.sort(order);
    return NodeResult.of(sorted);
  }

  private static Comparator<Item> key(NodeContext ctx, Object spec, int index) {
    if (!(spec instanceof Map<?, ?> m) || !(m.get("field") instanceof String field)) {
      throw new NonRetryableNodeException(
          "parameter 'fields["
              + index
              + "]' must be {\"field\": \"...\", \"order\": \"asc\"|\"desc\"}, was "
              + spec);
    }
    Object order = m.get("order");
    if (order != null && !"asc".equals(order) && !"desc".equals(order)) {
      throw new NonRetryableNodeException(
          "parameter 'fields[" + index + "].order' must be 'asc' or 'desc', was '" + order + "'");
    }
    boolean descending = "desc".equals(order);
    return (a, b) -> {
      Object x = JsonPaths.get(a.json(), field);
      Object y = JsonPaths.get(b.json(), field);
      if (x == null || y == null) {
        return JsonOrder.INSTANCE.compare(x, y); // missing last, whatever the order
      }
      int c = JsonOrder.INSTANCE.compare(x, y);
      return descending ? -c : c;
    };
  }

  /** Builds a Sort node's parameters. Not thread-safe. */
  public static final class Builder {
    private final List<Map<String, Object>> fields = new ArrayList<>();

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param field a dot path to sort by, smallest first
     */
    public Builder ascending(String field) {
      return add(field, "asc");
    }

    /**
     * {@return this builder}
     *
     * @param field a dot path to sort by, largest first
     */
    public Builder descending(String field) {
      return add(field, "desc");
    }

    private Builder add(String field, String order) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("field", Objects.requireNonNull(field, "field"));
      f.put("order", order);
      fields.add(f);
      return this;
    }

    /** {@return the node} */
    public NodeDefinition build() {
      if (fields.isEmpty()) {
        throw new IllegalStateException("a Sort node needs at least one field");
      }
      return NodeDefinition.of(INSTANCE, Map.of("fields", List.copyOf(fields)));
    }
  }
}

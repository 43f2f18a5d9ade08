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
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Groups items and computes aggregates per group, like SQL's {@code GROUP BY} (JSON type {@code
 * summarize}). {@code groupBy}: dot paths (none: one group of all items). {@code aggregations}: a
 * list of {@code {"field": "<dot path>", "op": "<op>"}}, op one of {@code count} (non-missing
 * values), {@code countUnique}, {@code sum}, {@code min}, {@code max}, {@code average}, {@code
 * concatenate} (text joined with ", ") and {@code append} (a list of the values). Each output item
 * holds the group's values (under the paths' last names) and one field per aggregation, named
 * {@code <op>_<field's last name>}. Groups come in order of first appearance.
 */
public final class Summarize {

  /** The JSON type name. */
  public static final String TYPE = "summarize";

  private static final Set<String> OPS =
      Set.of("count", "countUnique", "sum", "min", "max", "average", "concatenate", "append");

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Summarize")
          .description("Groups items and computes count, sum, min, max, average, ... per group")
          .property(PropertySpec.array("groupBy").describedAs("dot paths"))
          .property(
              PropertySpec.array("aggregations")
                  .required()
                  .describedAs("[{\"field\": \"total\", \"op\": \"sum\"}, ...]"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Summarize::execute);

  private Summarize() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a builder of Summarize nodes} */
  public static Builder builder() {
    return new Builder();
  }

  private record Aggregation(String field, String op, String name) {}

  private static NodeResult execute(NodeContext ctx) {
    List<?> groupBy = ctx.parameter("groupBy", 0, List.class);
    List<String> keys = new ArrayList<>();
    if (groupBy != null) {
      groupBy.forEach(g -> keys.add(String.valueOf(g)));
    }
    List<Aggregation> aggregations = aggregations(ctx);
    Map<List<Object>, List<Item>> groups = new LinkedHashMap<>();
    for (Item item : ctx.input()) {
      List<Object> key = new ArrayList<>();
      for (String k : keys) {
        key.add(JsonPaths.get(item.json(), k));
      }
      groups.computeIfAbsent(key, x -> new ArrayList<>()).add(item);
    }
    List<Item> out = new ArrayList<>();
    for (Map.Entry<List<Object>, List<Item>> group : groups.entrySet()) {
      Map<String, Object> json = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        json.put(last(keys.get(i)), group.getKey().get(i));
      }
      for (Aggregation a : aggregations) {
        json.put(a.name(), compute(ctx, a, group.getValue()));
      }
      out.add(Item.of(json));
    }
    return NodeResult.of(out);
  }

  private static List<Aggregation> aggregations(NodeContext ctx) {
    List<?> specs = ctx.parameter("aggregations", 0, List.class);
    List<Aggregation> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      if (!(specs.get(i) instanceof Map<?, ?> m)
          || !(m.get("field") instanceof String field)
          || !(m.get("op") instanceof String op)
          || !OPS.contains(op)) {
        throw new NonRetryableNodeException(
            "parameter 'aggregations["
                + i
                + "]' must be {\"field\": \"...\", \"op\": one of "
                + new java.util.TreeSet<>(OPS)
                + "}, was "
                + specs.get(i));
      }
      out.add(new Aggregation(field, op, op + "_" + last(field)));
    }
    return out;
  }

  private static Object compute(NodeContext ctx, Aggregation a, List<Item> items) {
    List<Object> values = new ArrayList<>();
    for (Item item : items) {
      Object v = JsonPaths.get(item.json(), a.field());
      if (v != null) {
        values.add(v);
      }
    }
    return switch (a.op()) {
      case "count" -> values.size();
      case "countUnique" -> new LinkedHashSet<>(values).size();
      case "min" -> values.stream().min(JsonOrder.INSTANCE).orElse(null);
      case "max" -> values.stream().max(JsonOrder.INSTANCE).orElse(null);
      case "concatenate" -> String.join(", ", values.stream().map(String::valueOf).toList());
      case "append" -> values;
      default -> {
        BigDecimal sum = BigDecimal.ZERO;
        for (Object v : values) {
          if (!(v instanceof Number n)) {
            throw new NonRetryableNodeException(
                "" + a.op() + " of '" + a.field() + "' met a value that is not a number: " + v);
          }
          sum = sum.add(new BigDecimal(n.toString()));
        }
        BigDecimal result =
            "sum".equals(a.op())
                ? sum
                : values.isEmpty()
                    ? null
                    : sum.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL64);
        yield result == null ? null : number(result);
      }
    };
  }

  /** An integral value as a long, else a double: what JSON readers expect. */
  private static Number number(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() <= 0 && s.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
      return Long.valueOf(s.longValueExact()); // not a ternary: that would widen it to double
    }
    return Double.valueOf(s.doubleValue());
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** Builds a Summarize node's parameters. Not thread-safe. */
  public static final class Builder {
    private final List<String> groupBy = new ArrayList<>();
    private final List<Map<String, Object>> aggregations = new ArrayList<>();

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param path a dot path to group by
     */
    public Builder groupBy(String path) {
      groupBy.add(Objects.requireNonNull(path, "path"));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param op count, countUnique, sum, min, max, average, concatenate or append
     * @param field the dot path it reads
     */
    public Builder aggregate(String op, String field) {
      if (!OPS.contains(op)) {
        throw new IllegalArgumentException("unknown aggregation '" + op + "'; one of " + OPS);
      }
      aggregations.add(Map.of("field", Objects.requireNonNull(field, "field"), "op", op));
      return this;
    }

    /** {@return the node} */
    public NodeDefinition build() {
      if (aggregations.isEmpty()) {
        throw new IllegalStateException("a Summarize node needs at least one aggregation");
      }
      Map<String, Object> p = new LinkedHashMap<>();
      if (!groupBy.isEmpty()) {
        p.put("groupBy", List.copyOf(groupBy));
      }
      p.put("aggregations", List.copyOf(aggregations));
      return NodeDefinition.of(INSTANCE, p);
    }
  }
}

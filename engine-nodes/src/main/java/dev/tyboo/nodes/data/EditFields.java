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
 * Sets, renames and removes fields of each item, by dot paths (JSON type {@code editFields}), in
 * this order: {@code rename} (an object from old path to new path), then {@code set} (an object
 * from path to value; values may be expressions, evaluated per item), then {@code remove} (a list
 * of paths). With {@code keepOnlySet}, an item keeps only the fields that {@code set} wrote.
 * Attachments are kept.
 *
 * <pre>{@code
 * .node("shape", EditFields.builder()
 *     .rename("cust", "customer")
 *     .set("customer.vip", "{{ $json.total > 1000 }}")
 *     .remove("internal")
 *     .build())
 * }</pre>
 */
public final class EditFields {

  /** The JSON type name. */
  public static final String TYPE = "editFields";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Edit Fields")
          .description("Sets, renames and removes fields by dot paths")
          .property(PropertySpec.object("set").describedAs("path -> value (expressions allowed)"))
          .property(PropertySpec.object("rename").describedAs("old path -> new path"))
          .property(PropertySpec.array("remove").describedAs("paths"))
          .property(PropertySpec.bool("keepOnlySet").withDefault(false))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, EditFields::execute);

  private EditFields() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a builder of Edit Fields nodes} */
  public static Builder builder() {
    return new Builder();
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      Item item = input.get(i);
      Map<?, ?> set = ctx.parameter("set", i, Map.class);
      Map<?, ?> rename = ctx.parameter("rename", i, Map.class);
      List<?> remove = ctx.parameter("remove", i, List.class);
      boolean only = Boolean.TRUE.equals(ctx.parameter("keepOnlySet", i, Boolean.class));
      Map<String, Object> json = only ? new LinkedHashMap<>() : JsonPaths.mutableCopy(item.json());
      if (rename != null && !only) {
        for (Map.Entry<?, ?> r : rename.entrySet()) {
          String from = path(ctx, "rename", r.getKey(), i);
          String to = path(ctx, "rename." + from, r.getValue(), i);
          if (JsonPaths.has(json, from)) {
            JsonPaths.set(json, to, JsonPaths.remove(json, from));
          }
        }
      }
      if (set != null) {
        for (Map.Entry<?, ?> s : set.entrySet()) {
          JsonPaths.set(json, path(ctx, "set", s.getKey(), i), s.getValue());
        }
      }
      if (remove != null) {
        for (int r = 0; r < remove.size(); r++) {
          JsonPaths.remove(json, path(ctx, "remove[" + r + "]", remove.get(r), i));
        }
      }
      out.add(item.withJson(json));
    }
    return NodeResult.of(out);
  }

  private static String path(NodeContext ctx, String where, Object value, int item) {
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new NonRetryableNodeException(
        "parameter '" + where + "' needs a field path, was " + value + " (item " + item + ")");
  }

  /** Builds an Edit Fields node's parameters. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> set = new LinkedHashMap<>();
    private final Map<String, Object> rename = new LinkedHashMap<>();
    private final List<String> remove = new ArrayList<>();
    private boolean keepOnlySet;

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param path a dot path
     * @param value its value: JSON-like, or a string with expressions evaluated per item
     */
    public Builder set(String path, Object value) {
      set.put(Objects.requireNonNull(path, "path"), value);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param from the field's dot path
     * @param to its new dot path
     */
    public Builder rename(String from, String to) {
      rename.put(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param path a dot path to remove
     */
    public Builder remove(String path) {
      remove.add(Objects.requireNonNull(path, "path"));
      return this;
    }

    /** {@return this builder, set to keep only the fields {@link #set} writes} */
    public Builder keepOnlySet() {
      this.keepOnlySet = true;
      return this;
    }

    /** {@return the node} */
    public NodeDefinition build() {
      Map<String, Object> params = new LinkedHashMap<>();
      if (!set.isEmpty()) {
        params.put("set", Map.copyOf(set));
      }
      if (!rename.isEmpty()) {
        params.put("rename", Map.copyOf(rename));
      }
      if (!remove.isEmpty()) {
        params.put("remove", List.copyOf(remove));
      }
      if (keepOnlySet) {
        params.put("keepOnlySet", true);
      }
      return NodeDefinition.of(INSTANCE, params);
    }
  }
}

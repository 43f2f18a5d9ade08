package dev.tyboo.nodes.data;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.util.List;
import java.util.Map;

/**
 * Passes on at most {@code maxItems} items, the first ones or the last ones (JSON type {@code
 * limit}).
 */
public final class Limit implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "limit";

  static final Limit INSTANCE = new Limit();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Limit")
          .description("Keeps the first or the last N items")
          .property(PropertySpec.integer("maxItems").required().describedAs(">= 0"))
          .property(PropertySpec.string("keep").oneOf("first", "last").withDefault("first"))
          .build();

  private Limit() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a Limit node keeping the first items}
   *
   * @param maxItems how many at most; >= 0
   */
  public static NodeDefinition first(int maxItems) {
    return definition(maxItems, "first");
  }

  /**
   * {@return a Limit node keeping the last items}
   *
   * @param maxItems how many at most; >= 0
   */
  public static NodeDefinition last(int maxItems) {
    return definition(maxItems, "last");
  }

  private static NodeDefinition definition(int maxItems, String keep) {
    if (maxItems < 0) {
      throw new IllegalArgumentException("maxItems must be >= 0, was " + maxItems);
    }
    return NodeDefinition.of(INSTANCE, Map.of("maxItems", maxItems, "keep", keep));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    int max = ctx.parameter("maxItems", 0, Number.class).intValue();
    if (max < 0) {
      throw new dev.tyboo.error.NonRetryableNodeException(
          "node '" + ctx.nodeId() + "': parameter 'maxItems' must be >= 0, was " + max);
    }
    if (input.size() <= max) {
      return NodeResult.of(input);
    }
    return NodeResult.of(
        "last".equals(ctx.stringParameter("keep", 0))
            ? input.subList(input.size() - max, input.size())
            : input.subList(0, max));
  }
}

package dev.tyboo.nodes.data;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import java.util.List;
import java.util.Map;

/**
 * Passes on at most {@code maxItems} items, the first ones or the last ones (JSON type {@code
 * limit}).
 */
public final class Limit {

  /** The JSON type name. */
  public static final String TYPE = "limit";

  /** Which items a Limit node keeps. */
  enum Keep {
    first,
    last
  }

  /**
   * A Limit node's parameters.
   *
   * @param maxItems how many items at most
   * @param keep the first ones or the last ones
   */
  record Parameters(
      @Param(required = true, description = ">= 0") int maxItems,
      @Param(defaultValue = "first") Keep keep) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Limit")
              .description("Keeps the first or the last N items")
              .parameters(Parameters.class)
              .build(),
          Limit::execute);

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
    return definition(maxItems, Keep.first);
  }

  /**
   * {@return a Limit node keeping the last items}
   *
   * @param maxItems how many at most; >= 0
   */
  public static NodeDefinition last(int maxItems) {
    return definition(maxItems, Keep.last);
  }

  private static NodeDefinition definition(int maxItems, Keep keep) {
    if (maxItems < 0) {
      throw new IllegalArgumentException("maxItems must be >= 0, was " + maxItems);
    }
    return NodeDefinition.of(INSTANCE, Map.of("maxItems", maxItems, "keep", keep.name()));
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    Parameters p = ctx.parameters(0, Parameters.class);
    if (p.maxItems() < 0) {
      throw NodeFailure.badParameter("maxItems", 0, "must be >= 0", p.maxItems());
    }
    if (input.size() <= p.maxItems()) {
      return NodeResult.of(input);
    }
    return NodeResult.of(
        p.keep() == Keep.last
            ? input.subList(input.size() - p.maxItems(), input.size())
            : input.subList(0, p.maxItems()));
  }
}

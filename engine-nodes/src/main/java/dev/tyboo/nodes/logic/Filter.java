package dev.tyboo.nodes.logic;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.Conditions;
import dev.tyboo.workflow.NodeDefinition;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the items whose condition holds on {@code main} and sends the others to {@code discarded}
 * (JSON type {@code filter}). Order is kept.
 */
public final class Filter {

  /** The JSON type name. */
  public static final String TYPE = "filter";

  /** The output for the items that were filtered out. */
  public static final String DISCARDED = "discarded";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Filter")
          .description("Keeps the items for which a condition holds")
          .outputs(PortSpec.MAIN, DISCARDED)
          .property(
              PropertySpec.bool("condition")
                  .required()
                  .describedAs("evaluated per item; true keeps the item"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Filter::execute);

  private Filter() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a Filter node}
   *
   * @param condition a boolean expression evaluated per item; true keeps the item
   */
  public static NodeDefinition keep(String condition) {
    return NodeDefinition.of(INSTANCE, Map.of("condition", Objects.requireNonNull(condition)));
  }

  private static NodeResult execute(NodeContext ctx) {
    return Conditions.route(ctx, "condition", PortSpec.MAIN, DISCARDED);
  }
}

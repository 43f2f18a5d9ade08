package dev.tyboo.nodes.logic;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.Conditions;
import dev.tyboo.workflow.NodeDefinition;
import java.util.Map;
import java.util.Objects;

/**
 * Routes each item to the output {@code true} or {@code false} by a condition evaluated per item
 * (JSON type {@code if}). Branches that receive no item are skipped downstream.
 *
 * <pre>{@code
 * .node("isBig", If.condition("{{ $json.total > 100 }}"))
 * .connect("isBig", "true", "priority")
 * .connect("isBig", "false", "standard")
 * }</pre>
 */
public final class If {

  /** The JSON type name. */
  public static final String TYPE = "if";

  /** The output for items whose condition holds. */
  public static final String TRUE = "true";

  /** The output for the others. */
  public static final String FALSE = "false";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("If")
          .description("Routes each item to 'true' or 'false' by a condition")
          .outputs(TRUE, FALSE)
          .property(
              PropertySpec.bool("condition")
                  .required()
                  .describedAs("evaluated per item, e.g. {{ $json.total > 100 }}"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, If::execute);

  private If() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return an If node}
   *
   * @param condition a boolean expression evaluated per item, e.g. {@code {{ $json.total > 100 }}}
   */
  public static NodeDefinition condition(String condition) {
    return NodeDefinition.of(INSTANCE, Map.of("condition", Objects.requireNonNull(condition)));
  }

  private static NodeResult execute(NodeContext ctx) {
    return Conditions.route(ctx, "condition", TRUE, FALSE);
  }
}

package dev.tyboo.nodes.logic;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.NodeDefinition;
import java.util.Map;

/** Passes its items on unchanged (JSON type {@code noOp}): a named junction or placeholder. */
public final class NoOp {

  /** The JSON type name. */
  public static final String TYPE = "noOp";

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("No Operation")
              .description("Passes its items on unchanged")
              .build(),
          ctx -> NodeResult.of(ctx.input()));

  private NoOp() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a No-Op node} */
  public static NodeDefinition node() {
    return NodeDefinition.of(INSTANCE, Map.of());
  }
}

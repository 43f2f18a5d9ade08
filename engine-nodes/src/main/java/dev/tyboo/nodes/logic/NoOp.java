package dev.tyboo.nodes.logic;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.NodeDefinition;
import java.util.Map;

/** Passes its items on unchanged (JSON type {@code noOp}): a named junction or placeholder. */
public final class NoOp implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "noOp";

  static final NoOp INSTANCE = new NoOp();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("No Operation")
          .description("Passes its items on unchanged")
          .build();

  private NoOp() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a No-Op node} */
  public static NodeDefinition node() {
    return NodeDefinition.of(INSTANCE, Map.of());
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    return NodeResult.of(ctx.input());
  }
}

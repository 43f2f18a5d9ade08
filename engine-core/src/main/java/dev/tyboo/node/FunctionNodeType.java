package dev.tyboo.node;

import java.util.Objects;

/**
 * A node type whose behaviour is a function ({@link NodeType#of}).
 *
 * @param descriptor what the type publishes about itself
 * @param function what a node of the type does
 */
record FunctionNodeType(NodeDescriptor descriptor, NodeFunction function) implements NodeType {

  FunctionNodeType {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(function, "function");
  }

  @Override
  public NodeResult execute(NodeContext context) throws Exception {
    return function.execute(context);
  }
}

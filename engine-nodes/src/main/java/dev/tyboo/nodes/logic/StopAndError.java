package dev.tyboo.nodes.logic;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.util.Map;
import java.util.Objects;

/**
 * Fails the execution with a message (JSON type {@code stopAndError}); the failure is not retried.
 * The message may use expressions, which see the first input item. With no input item the node is
 * not reached (its branch was not taken), so nothing fails.
 */
public final class StopAndError {

  /** The JSON type name. */
  public static final String TYPE = "stopAndError";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Stop and Error")
          .description("Fails the execution with a message")
          .outputs()
          .property(PropertySpec.string("message").required())
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, StopAndError::execute);

  private StopAndError() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a Stop-and-Error node}
   *
   * @param message the failure message; expressions see the first input item
   */
  public static NodeDefinition withMessage(String message) {
    return NodeDefinition.of(INSTANCE, Map.of("message", Objects.requireNonNull(message)));
  }

  private static NodeResult execute(NodeContext ctx) {
    throw new NonRetryableNodeException(ctx.stringParameter("message", 0));
  }
}

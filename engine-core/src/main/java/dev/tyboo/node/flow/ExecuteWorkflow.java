package dev.tyboo.node.flow;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a deployed workflow as a child of this execution and waits for it without holding a thread
 * (JSON type {@code executeWorkflow}). The child receives this node's input items; the node emits
 * the child's result: the items on the first output of the child's end nodes that succeeded. When
 * the child fails or is cancelled, this node fails (non-retryable). In a durable engine the child
 * is started once per node run, even if the node is repeated after a crash, and the wait survives
 * restarts; {@code Engine.children(id)} lists an execution's children.
 */
public final class ExecuteWorkflow implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "executeWorkflow";

  static final ExecuteWorkflow INSTANCE = new ExecuteWorkflow();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Execute Workflow")
          .description("Runs a deployed workflow as a sub-workflow and emits its result")
          .property(PropertySpec.string("workflow").required())
          .build();

  private ExecuteWorkflow() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that runs that workflow}
   *
   * @param workflowName the name it was deployed under
   */
  public static NodeDefinition named(String workflowName) {
    return NodeDefinition.of(
        INSTANCE, Map.of("workflow", Objects.requireNonNull(workflowName, "workflowName")));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    ctx.flow().startSubWorkflow(ctx.stringParameter("workflow", 0), ctx.input());
    return NodeResult.waitForResume(null, List.of());
  }
}

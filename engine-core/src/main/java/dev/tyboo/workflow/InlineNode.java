package dev.tyboo.workflow;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import java.util.Map;
import java.util.Objects;

/**
 * A node whose behaviour is a Java lambda, with the ports you choose. Use it for an embedder's own
 * logic; workflows holding inline nodes run normally but cannot be written to JSON.
 *
 * <pre>{@code
 * Workflow.named("orders")
 *     .node("load", ctx -> NodeResult.of(Item.listOf(Map.of("total", 120))))
 *     .node("route", InlineNode.of(ctx -> ...).outputs("big", "small"))
 *     .node("join", InlineNode.of(ctx -> ...).inputs("big", "small"))
 * }</pre>
 */
public final class InlineNode implements NodeDefinition {

  /** The type name every inline node has; reserved. */
  public static final String TYPE = "inline";

  private final NodeFunction function;
  private final String[] inputs;
  private final String[] outputs;
  private final Type type;

  private InlineNode(NodeFunction function, String[] inputs, String[] outputs) {
    this.function = Objects.requireNonNull(function, "function");
    this.inputs = inputs;
    this.outputs = outputs;
    this.type =
        new Type(
            NodeDescriptor.builder(TYPE)
                .displayName("Java code")
                .inputs(inputs)
                .outputs(outputs)
                .build(),
            function);
  }

  /**
   * {@return an inline node with one input and one output named {@code main}}
   *
   * @param function what the node does
   */
  public static InlineNode of(NodeFunction function) {
    return new InlineNode(function, new String[] {"main"}, new String[] {"main"});
  }

  /**
   * {@return a copy with those inputs}
   *
   * @param names the input ports; none for a source node
   */
  public InlineNode inputs(String... names) {
    return new InlineNode(function, names.clone(), outputs);
  }

  /**
   * {@return a copy with those outputs}
   *
   * @param names the output ports
   */
  public InlineNode outputs(String... names) {
    return new InlineNode(function, inputs, names.clone());
  }

  @Override
  public NodeType nodeType() {
    return type;
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of();
  }

  /** The node type behind an inline node. */
  record Type(NodeDescriptor descriptor, NodeFunction function) implements NodeType {
    @Override
    public NodeResult execute(NodeContext context) throws Exception {
      return function.execute(context);
    }
  }
}

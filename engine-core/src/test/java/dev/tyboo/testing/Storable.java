package dev.tyboo.testing;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.InlineNode;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a workflow's inline lambda nodes into named node types ({@link NodeType#of}), so that the
 * same test workflow runs on durable engines, which store workflows and refuse lambdas. Each node
 * {@code n} of workflow {@code w} gets the type {@code test.inline.w.n} with the lambda's ports.
 * The durable engine that deploys the workflow keeps its node types for the run; another process
 * would need them registered.
 */
public final class Storable {
  private Storable() {}

  /**
   * {@return the workflow with every inline node replaced by a named node type}
   *
   * @param workflow a workflow, perhaps with inline nodes
   */
  public static Workflow of(Workflow workflow) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (NodeSpec n : workflow.nodes()) {
      if (n.nodeType().descriptor().type().equals(InlineNode.TYPE)) {
        NodeType inline = n.nodeType();
        NodeDescriptor d = inline.descriptor();
        NodeDescriptor named =
            NodeDescriptor.builder("test.inline." + workflow.name() + "." + n.id())
                .inputs(d.inputs().stream().map(p -> p.name()).toArray(String[]::new))
                .outputs(d.outputs().stream().map(p -> p.name()).toArray(String[]::new))
                .build();
        nodes.add(
            new NodeSpec(
                n.id(),
                NodeType.of(named, inline::execute),
                n.parameters(),
                n.credentials(),
                n.policy()));
      } else {
        nodes.add(n);
      }
    }
    return new Workflow(
        workflow.name(),
        workflow.description(),
        nodes,
        workflow.connections(),
        workflow.settings());
  }
}

package dev.tyboo.workflow;

import dev.tyboo.error.Problem;
import dev.tyboo.spi.expression.ExpressionLanguage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable workflow definition: nodes, the connections between them, and settings. Build one
 * with {@link #named(String)} or read one with {@link WorkflowJson}; both validate it. The engine
 * validates it again before running it, so a workflow made with the record constructor is checked
 * too.
 *
 * <pre>{@code
 * Workflow wf = Workflow.named("orders")
 *     .node("load", ctx -> NodeResult.of(Item.listOf(Map.of("total", 120))))
 *     .node("check", InlineNode.of(ctx -> ...).outputs("big", "small"))
 *     .connect("load", "check")
 *     .build();
 * }</pre>
 *
 * @param name the workflow's name; also its key for per-workflow limits
 * @param description what it does, for people; may be empty
 * @param nodes the nodes, in the order they were added
 * @param connections the connections
 * @param settings workflow-wide settings
 */
public record Workflow(
    String name,
    String description,
    List<NodeSpec> nodes,
    List<Connection> connections,
    WorkflowSettings settings) {

  /** Copies the components. */
  public Workflow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(settings, "settings");
    nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
    connections = List.copyOf(Objects.requireNonNull(connections, "connections"));
  }

  /**
   * {@return a builder for a workflow of that name}
   *
   * @param name the workflow's name
   */
  public static WorkflowBuilder named(String name) {
    return new WorkflowBuilder(name);
  }

  /**
   * Checks the workflow: ids, parameters against each node type's schema, expressions, ports,
   * connections and cycles. {@link WorkflowBuilder#build()}, {@link WorkflowJson#read} and the
   * engine call this.
   *
   * @param language the language its expressions must compile in
   * @return every problem found, each with its path; empty when the workflow is valid
   */
  public List<Problem> validate(ExpressionLanguage language) {
    return WorkflowValidator.validate(
        this, java.util.Objects.requireNonNull(language, "language"), java.util.Set.of());
  }

  /**
   * {@return the node with that id, if any}
   *
   * @param id a node id
   */
  public Optional<NodeSpec> node(String id) {
    for (NodeSpec n : nodes) {
      if (n.id().equals(id)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }
}

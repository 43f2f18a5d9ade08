package dev.tyboo.workflow;

import dev.tyboo.error.Problem;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.PortSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fluent DSL for workflows. {@link #build()} validates the whole workflow and reports every
 * problem at once. Not thread-safe; one builder builds one workflow.
 */
public final class WorkflowBuilder {

  private final String name;
  private String description = "";
  private final List<NodeSpec> nodes = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private RetryPolicy retry;
  private Duration nodeTimeout;
  private int maxConcurrentExecutions;
  private String errorWorkflow;

  WorkflowBuilder(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * {@return this builder}
   *
   * @param description what the workflow does
   */
  public WorkflowBuilder description(String description) {
    this.description = Objects.requireNonNull(description, "description");
    return this;
  }

  /**
   * Adds a node.
   *
   * @param id the node's id, unique in the workflow
   * @param definition the node type and parameters
   * @return this builder
   */
  public WorkflowBuilder node(String id, NodeDefinition definition) {
    return node(id, definition, options -> {});
  }

  /**
   * Adds a node with options.
   *
   * @param id the node's id, unique in the workflow
   * @param definition the node type and parameters
   * @param options sets the node's retry policy, timeout, continue-on-fail and credentials
   * @return this builder
   */
  public WorkflowBuilder node(String id, NodeDefinition definition, Consumer<NodeOptions> options) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(options, "options");
    NodeOptions o = new NodeOptions();
    options.accept(o);
    try {
      nodes.add(
          new NodeSpec(
              id,
              Objects.requireNonNull(definition.nodeType(), "definition.nodeType()"),
              Objects.requireNonNull(definition.parameters(), "definition.parameters()"),
              o.credentials(),
              o.policy()));
    } catch (IllegalArgumentException e) {
      problems.add(
          new Problem(
              Problem.Kind.INVALID_PARAMETER,
              "$.nodes[" + nodes.size() + "].parameters",
              "node '" + id + "': " + e.getMessage()));
    }
    return this;
  }

  /**
   * Adds a node whose behaviour is a lambda, with one input and one output named {@code main}.
   *
   * @param id the node's id
   * @param function what it does
   * @return this builder
   */
  public WorkflowBuilder node(String id, NodeFunction function) {
    return node(id, InlineNode.of(function));
  }

  /**
   * Adds a lambda node with options.
   *
   * @param id the node's id
   * @param function what it does
   * @param options sets the node's retry policy, timeout, continue-on-fail and credentials
   * @return this builder
   */
  public WorkflowBuilder node(String id, NodeFunction function, Consumer<NodeOptions> options) {
    return node(id, InlineNode.of(function), options);
  }

  /**
   * Connects {@code from}'s main output to {@code to}'s main input.
   *
   * @param from the source node id
   * @param to the target node id
   * @return this builder
   */
  public WorkflowBuilder connect(String from, String to) {
    return connect(from, PortSpec.MAIN, to, PortSpec.MAIN);
  }

  /**
   * Connects an output port of {@code from} to {@code to}'s main input.
   *
   * @param from the source node id
   * @param output the source's output port
   * @param to the target node id
   * @return this builder
   */
  public WorkflowBuilder connect(String from, String output, String to) {
    return connect(from, output, to, PortSpec.MAIN);
  }

  /**
   * Connects an output port to an input port.
   *
   * @param from the source node id
   * @param output the source's output port
   * @param to the target node id
   * @param input the target's input port
   * @return this builder
   */
  public WorkflowBuilder connect(String from, String output, String to, String input) {
    connections.add(new Connection(from, output, to, input));
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param policy the default retry policy of every node
   */
  public WorkflowBuilder retry(RetryPolicy policy) {
    this.retry = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param timeout the default timeout of one node attempt
   */
  public WorkflowBuilder nodeTimeout(Duration timeout) {
    this.nodeTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param limit how many executions of this workflow may run at once in one engine; 0 for no limit
   */
  public WorkflowBuilder maxConcurrentExecutions(int limit) {
    this.maxConcurrentExecutions = limit;
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param workflowName the workflow that the engine starts when an execution of this one fails
   *     (deployed in the engine); it receives one item: {@code {"execution": id, "workflow": name,
   *     "workflowVersion": n (durable engines), "node": id, "error": {"type": .., "message": ..}}}
   */
  public WorkflowBuilder errorWorkflow(String workflowName) {
    this.errorWorkflow = Objects.requireNonNull(workflowName, "workflowName");
    return this;
  }

  /**
   * Validates and builds the workflow.
   *
   * @return the workflow
   * @throws WorkflowValidationException listing every problem: duplicate ids, unknown ports,
   *     dangling connections, cycles, bad parameters, expressions that do not compile
   */
  public Workflow build() {
    List<Problem> all = new ArrayList<>(problems);
    WorkflowSettings settings;
    try {
      settings = new WorkflowSettings(retry, nodeTimeout, maxConcurrentExecutions, errorWorkflow);
    } catch (IllegalArgumentException e) {
      all.add(new Problem(Problem.Kind.INVALID_VALUE, "$.settings", e.getMessage()));
      settings = WorkflowSettings.defaults();
    }
    Workflow workflow = new Workflow(name, description, nodes, connections, settings);
    all.addAll(WorkflowValidator.validate(workflow, WorkflowValidator.defaultLanguage(), Set.of()));
    if (!all.isEmpty()) {
      throw new WorkflowValidationException(name, all);
    }
    return workflow;
  }
}

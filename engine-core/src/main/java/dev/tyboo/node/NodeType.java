package dev.tyboo.node;

/**
 * A kind of node: what it publishes about itself and what it does. Implement this to add a node to
 * the engine; the engine provides validation, expressions, retries, timeouts, events and logging.
 *
 * <pre>{@code
 * public final class Uppercase implements NodeType {
 *   private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("acme.uppercase")
 *       .property(PropertySpec.string("field").required()).build();
 *   public NodeDescriptor descriptor() { return DESCRIPTOR; }
 *   public NodeResult execute(NodeContext ctx) {
 *     List<Item> out = new ArrayList<>();
 *     for (int i = 0; i < ctx.input().size(); i++) {
 *       String field = ctx.stringParameter("field", i);
 *       Item item = ctx.input().get(i);
 *       out.add(item.with(field, String.valueOf(item.get(field)).toUpperCase()));
 *     }
 *     return NodeResult.of(out);
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe: one instance serves every node of its type in every
 * execution, concurrently. Keep per-run state in local variables.
 */
public interface NodeType {

  /**
   * {@return a node type whose behaviour is a function}
   *
   * <p>This is how a host registers a lambda that durable engines can run: the workflow names the
   * type (its descriptor's {@link NodeDescriptor#type()}), so it is written to JSON and found again
   * in the registry by every process that registered the same type, after a restart too.
   *
   * <pre>{@code
   * NodeType enrich = NodeType.of(NodeDescriptor.builder("acme.enrich").build(),
   *     ctx -> NodeResult.of(ctx.input().stream().map(i -> i.with("seen", true)).toList()));
   * Engine engine = Engine.builder().storage(storage).nodeType(enrich).build();
   * Workflow wf = Workflow.named("orders").node("enrich", NodeDefinition.of(enrich, Map.of())).build();
   * }</pre>
   *
   * @param descriptor what the type publishes about itself
   * @param function what a node of the type does
   */
  static NodeType of(NodeDescriptor descriptor, NodeFunction function) {
    return new FunctionNodeType(descriptor, function);
  }

  /** {@return the descriptor; the same instance on every call} */
  NodeDescriptor descriptor();

  /**
   * Runs the node once, over all its input items.
   *
   * <p>Throw a {@link dev.tyboo.error.RetryableNodeException} for transient failures and a {@link
   * dev.tyboo.error.NonRetryableNodeException} for the rest. Any other exception is classified by
   * the engine: {@link java.io.IOException}, {@link java.io.UncheckedIOException} and {@link
   * java.util.concurrent.TimeoutException} count as retryable, everything else as not.
   *
   * @param context the inputs, resolved parameters and engine services for this run
   * @return the items per output port; a port without items (or not named) is a branch not taken
   * @throws Exception when the node fails
   */
  NodeResult execute(NodeContext context) throws Exception;

  /**
   * {@return the output ports of one node of this type; by default the descriptor's}
   *
   * <p>Override it when the ports depend on the node's parameters, as a Switch's outputs follow its
   * rules. The engine calls it when it validates a workflow, before any expression is evaluated, so
   * it must only read literal values and fall back to the descriptor's ports when a parameter is
   * missing, not a literal or malformed (the parameter check reports that problem).
   *
   * @param parameters the node's parameters as written in the workflow (expressions unevaluated)
   */
  default java.util.List<PortSpec> outputPorts(java.util.Map<String, Object> parameters) {
    return descriptor().outputs();
  }

  /**
   * Finds problems with the node's parameters beyond what the descriptor's {@link PropertySpec}s
   * check (types, required, allowed values).
   *
   * <p>Override it for rules the descriptor cannot express, such as "each rule needs a condition".
   * The engine calls it when it validates a workflow and reports each entry with the node id and
   * the full path, as it reports type errors. Like {@link #outputPorts(java.util.Map)} it sees
   * expressions unevaluated and must tolerate values of the wrong type (they are reported already).
   *
   * @param parameters the node's parameters as written in the workflow
   * @return messages keyed by a path relative to the parameters, such as {@code rules[1].output};
   *     empty when there are none
   */
  default java.util.Map<String, String> parameterProblems(
      java.util.Map<String, Object> parameters) {
    return java.util.Map.of();
  }
}

package dev.tyboo.node;

/**
 * A node written as a Java lambda, for an embedder's own code: {@code
 * Workflow.named("w").node("total", ctx -> NodeResult.of(...))}.
 *
 * <p>Workflows holding lambda nodes run like any other but cannot be written to JSON.
 */
@FunctionalInterface
public interface NodeFunction {

  /**
   * {@return the items per output port}
   *
   * @param context the inputs, resolved parameters and engine services for this run
   * @throws Exception when the node fails (classified as in {@link NodeType#execute})
   */
  NodeResult execute(NodeContext context) throws Exception;
}

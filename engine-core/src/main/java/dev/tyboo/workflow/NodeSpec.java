package dev.tyboo.workflow;

import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node of a workflow: its id, its type, its parameters, the credentials it uses and its policy.
 *
 * @param id the node's id, unique in the workflow
 * @param nodeType the node type it runs (resolved from a registry when read from JSON)
 * @param parameters its parameters as JSON values; strings may hold {@code {{ }}} expressions
 * @param credentials credential names by credential type
 * @param policy retries, timeout and failure handling
 */
public record NodeSpec(
    String id,
    NodeType nodeType,
    Map<String, Object> parameters,
    Map<String, String> credentials,
    NodePolicy policy) {

  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException naming the path of a parameter that is not a JSON value
   */
  public NodeSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeType, "nodeType");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(policy, "policy");
    parameters = JsonValues.freezeObject(parameters, "nodes." + id + ".parameters");
    credentials = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
  }

  /** {@return the node type's name} */
  public String type() {
    return nodeType.descriptor().type();
  }

  /** {@return the node type's version} */
  public int typeVersion() {
    return nodeType.descriptor().version();
  }

  /**
   * {@return the node's output port names (see {@link NodeType#outputPorts(Map)}); with
   * continue-on-fail, the {@value PortSpec#ERROR} port is added after the type's own}
   */
  public java.util.List<String> outputPorts() {
    java.util.List<String> outputs =
        new java.util.ArrayList<>(
            nodeType.outputPorts(parameters).stream().map(PortSpec::name).toList());
    if (policy.continueOnFail()) {
      outputs.add(PortSpec.ERROR);
    }
    return java.util.List.copyOf(outputs);
  }

  /** {@return whether the node is a Java lambda ({@link InlineNode}), which JSON cannot hold} */
  public boolean isInline() {
    return nodeType instanceof InlineNode.Type;
  }
}

package dev.tyboo.workflow;

import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.node.NodeType;
import java.util.Map;

/**
 * What the DSL's {@code node(id, definition)} takes: a node type and its parameters. Catalogue node
 * builders (for example {@code Http.get(url)}) implement it.
 */
public interface NodeDefinition {

  /** {@return the node type to run} */
  NodeType nodeType();

  /** {@return the parameters, as JSON values; expressions allowed in strings} */
  Map<String, Object> parameters();

  /**
   * {@return a definition of that type with those parameters}
   *
   * @param nodeType a node type
   * @param parameters its parameters (copied, in their iteration order)
   * @throws IllegalArgumentException naming the path of a value that is not JSON
   */
  static NodeDefinition of(NodeType nodeType, Map<String, ?> parameters) {
    Map<String, Object> params = JsonValues.freezeObject(parameters, "parameters");
    return new NodeDefinition() {
      @Override
      public NodeType nodeType() {
        return nodeType;
      }

      @Override
      public Map<String, Object> parameters() {
        return params;
      }
    };
  }
}

package dev.tyboo.workflow;

import dev.tyboo.node.NodeType;
import java.util.Map;

/**
 * What the DSL's {@code node(id, definition)} takes: a node type and its parameters. Catalogue node
 * builders (for example {@code Http.get(url)}) implement it.
 */
public interface NodeDefinition {

  /** @return the node type to run */
  NodeType nodeType();

  /** @return the parameters, as JSON values; expressions allowed in strings */
  Map<String, Object> parameters();

  /**
   * @param nodeType a node type
   * @param parameters its parameters
   * @return a definition of that type with those parameters
   */
  static NodeDefinition of(NodeType nodeType, Map<String, ?> parameters) {
    @SuppressWarnings("unchecked")
    Map<String, Object> params = (Map<String, Object>) Map.copyOf(parameters);
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

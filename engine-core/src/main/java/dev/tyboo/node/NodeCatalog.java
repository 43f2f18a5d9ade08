package dev.tyboo.node;

import java.util.List;

/**
 * A set of node types shipped together, found with {@link java.util.ServiceLoader} when the host
 * asks for it ({@link NodeRegistry.Builder#discover(ClassLoader)}). Catalogue modules declare
 * theirs in {@code META-INF/services/dev.tyboo.node.NodeCatalog}.
 */
public interface NodeCatalog {

  /** {@return the node types of this catalogue} */
  List<NodeType> nodeTypes();
}

/**
 * Tyboo Engine engine-nodes: the node catalogue ({@link dev.tyboo.nodes.CoreNodes}), found by
 * {@link java.util.ServiceLoader} as a {@link dev.tyboo.node.NodeCatalog}.
 */
module dev.tyboo.nodes {
  requires transitive dev.tyboo.core;

  exports dev.tyboo.nodes;
  exports dev.tyboo.nodes.logic;
  exports dev.tyboo.nodes.data;
  exports dev.tyboo.nodes.util;

  provides dev.tyboo.node.NodeCatalog with
      dev.tyboo.nodes.CoreNodes;
}

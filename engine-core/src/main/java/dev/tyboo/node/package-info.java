/**
 * The node author's API. Implement {@link dev.tyboo.node.NodeType} (a {@link
 * dev.tyboo.node.NodeDescriptor} plus {@code execute(NodeContext)}) to add a node; data flows as
 * {@link dev.tyboo.node.Item}s; group types in a {@link dev.tyboo.node.NodeRegistry}.
 */
package dev.tyboo.node;

/**
 * The node catalogue: {@link dev.tyboo.nodes.CoreNodes} lists every node type; each family has its
 * package ({@code logic}, {@code data}, {@code util}, {@code format}, {@code http}).
 */
package dev.tyboo.nodes;

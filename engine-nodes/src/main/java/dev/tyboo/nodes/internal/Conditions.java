package dev.tyboo.nodes.internal;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.NodeContext;

/** Reads a per-item boolean parameter strictly: a condition must resolve to true or false. */
public final class Conditions {

  private Conditions() {}

  /**
   * {@return the parameter's value for one item}
   *
   * @param ctx the node's context
   * @param name the parameter (usually an expression such as {@code {{ $json.total > 100 }}})
   * @param itemIndex the item
   * @throws NonRetryableNodeException when it is not a boolean, naming node, parameter and item
   */
  public static boolean test(NodeContext ctx, String name, int itemIndex) {
    Object value = ctx.parameter(name, itemIndex);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new NonRetryableNodeException(
        "node '"
            + ctx.nodeId()
            + "': parameter '"
            + name
            + "' must be true or false for item "
            + itemIndex
            + ", was "
            + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
  }
}

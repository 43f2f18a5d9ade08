package dev.tyboo.nodes.internal;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeResult;
import java.util.List;

/** Per-item conditions: a condition must resolve to true or false, and routes its item. */
public final class Conditions {

  private Conditions() {}

  /**
   * {@return the input items split in order between two ports by a per-item condition}
   *
   * @param ctx the node's context
   * @param name the condition parameter
   * @param whenTrue the port for items whose condition holds
   * @param whenFalse the port for the others
   */
  public static NodeResult route(NodeContext ctx, String name, String whenTrue, String whenFalse) {
    NodeResult.Builder out = NodeResult.builder();
    List<Item> input = ctx.input();
    for (int i = 0; i < input.size(); i++) {
      out.emit(test(ctx, name, i) ? whenTrue : whenFalse, input.get(i));
    }
    return out.build();
  }

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
        "parameter '"
            + name
            + "' must be true or false for item "
            + itemIndex
            + ", was "
            + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
  }
}

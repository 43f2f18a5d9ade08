package dev.tyboo.spi.expression;

import dev.tyboo.node.Item;
import java.util.List;
import java.util.function.Function;

/**
 * The value of the expression variable {@code $node}: {@code $node("id")} or {@code $node.id} gives
 * the output of a node that has run. Immutable.
 */
public final class NodeLookupView {
  private final Function<String, List<Item>> outputs;
  private final int itemIndex;

  /**
   * Creates the node lookup view.
   *
   * @param outputs finds a node's items on its first output port, or {@code null} when it has not
   *     run
   * @param itemIndex the index of the item being evaluated
   */
  public NodeLookupView(Function<String, List<Item>> outputs, int itemIndex) {
    this.outputs = outputs;
    this.itemIndex = itemIndex;
  }

  /**
   * {@return its output}
   *
   * @param nodeId a node id
   * @throws IllegalArgumentException when the node does not exist, has not run yet or was skipped
   */
  public NodeOutputView call(String nodeId) {
    List<Item> items = outputs.apply(nodeId);
    if (items == null) {
      throw new IllegalArgumentException(
          "node '"
              + nodeId
              + "' has no output (it does not exist, has not run yet, or was skipped)");
    }
    return new NodeOutputView(items, itemIndex);
  }

  /**
   * {@return its output, as {@link #call(String)}}
   *
   * @param nodeId a node id
   */
  public NodeOutputView get(String nodeId) {
    return call(nodeId);
  }
}

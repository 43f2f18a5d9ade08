package dev.tyboo.node;

/**
 * What a node does with one input item and its parameters, resolved for that item and bound to a
 * record ({@link NodeResult#mapItems(NodeContext, Class, BoundItemFunction)}).
 *
 * @param <P> the parameters record
 * @param <R> what it makes of the item
 */
@FunctionalInterface
public interface BoundItemFunction<P extends Record, R> {

  /**
   * {@return what the node makes of the item}
   *
   * @param item the input item
   * @param parameters the node's parameters, resolved for this item
   * @throws Exception when the node fails on this item (the failure records the item's index)
   */
  R apply(Item item, P parameters) throws Exception;
}

package dev.tyboo.node;

/**
 * What a node does with one input item ({@link NodeResult#mapItems(NodeContext, ItemFunction)},
 * {@link NodeResult#flatMapItems}).
 *
 * @param <R> what it makes of the item: an item, or a list of items
 */
@FunctionalInterface
public interface ItemFunction<R> {

  /**
   * {@return what the node makes of the item}
   *
   * @param item the input item
   * @param itemIndex its index in the input, for {@link NodeContext#parameter(String, int)}
   * @throws Exception when the node fails on this item (the failure records the item's index)
   */
  R apply(Item item, int itemIndex) throws Exception;
}

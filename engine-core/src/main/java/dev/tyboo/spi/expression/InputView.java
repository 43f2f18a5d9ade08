package dev.tyboo.spi.expression;

import dev.tyboo.node.Item;
import java.util.List;

/**
 * The value of the expression variable {@code $input}: the items on the node's first input port.
 * {@code $input.all()}, {@code $input.first()}, {@code $input.last()}, {@code $input.item}, {@code
 * $input.count()}. Immutable.
 */
public final class InputView {
  private final List<Item> items;
  private final int itemIndex;

  /**
   * Creates the input view.
   *
   * @param items the node's input items
   * @param itemIndex the index of the item being evaluated
   */
  public InputView(List<Item> items, int itemIndex) {
    this.items = List.copyOf(items);
    this.itemIndex = itemIndex;
  }

  /** {@return the JSON of every input item} */
  public List<Object> all() {
    return ItemJsons.all(items);
  }

  /** {@return the JSON of the first input item, or {@code null}} */
  public Object first() {
    return ItemJsons.first(items);
  }

  /** {@return the JSON of the last input item, or {@code null}} */
  public Object last() {
    return ItemJsons.last(items);
  }

  /** {@return the JSON of the item being evaluated, or {@code null}} */
  public Object getItem() {
    return itemIndex >= 0 && itemIndex < items.size() ? items.get(itemIndex).json() : null;
  }

  /** {@return how many input items there are} */
  public int count() {
    return items.size();
  }

  /** {@return what an expression returning {@code $input} whole yields: the JSON of every item} */
  public Object toJson() {
    return all();
  }
}

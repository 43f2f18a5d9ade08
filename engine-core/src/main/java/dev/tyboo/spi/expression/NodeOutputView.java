package dev.tyboo.spi.expression;

import dev.tyboo.node.Item;
import java.util.List;
import java.util.Map;

/**
 * The output of one node as expressions see it: {@code .json} (the item with the current item's
 * index, else the first), {@code .binary}, {@code .all()}, {@code .first()}, {@code .last()},
 * {@code .count()}. Immutable.
 */
public final class NodeOutputView {
  private final List<Item> items;
  private final int itemIndex;

  /**
   * Creates the node output view.
   *
   * @param items the node's items on its first output port
   * @param itemIndex the index of the item being evaluated
   */
  public NodeOutputView(List<Item> items, int itemIndex) {
    this.items = List.copyOf(items);
    this.itemIndex = itemIndex;
  }

  private Item paired() {
    return items.get(itemIndex >= 0 && itemIndex < items.size() ? itemIndex : 0);
  }

  /**
   * {@return the JSON of the item with the current item's index, else of the first item; {@code
   * null} when none}
   */
  public Object getJson() {
    return items.isEmpty() ? null : paired().json();
  }

  /** {@return the binary attachments of the item {@link #getJson()} reads} */
  public Object getBinary() {
    return items.isEmpty() ? Map.of() : paired().binary();
  }

  /** {@return the JSON of every item} */
  public List<Object> all() {
    return ItemJsons.all(items);
  }

  /** {@return the JSON of the first item, or {@code null}} */
  public Object first() {
    return ItemJsons.first(items);
  }

  /** {@return the JSON of the last item, or {@code null}} */
  public Object last() {
    return ItemJsons.last(items);
  }

  /** {@return how many items the node produced} */
  public int count() {
    return items.size();
  }

  /** {@return what an expression returning the view whole yields: {@link #getJson()}} */
  public Object toJson() {
    return getJson();
  }
}

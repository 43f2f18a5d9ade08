package dev.tyboo.spi.store;

import java.util.List;

/**
 * One page of a query's results.
 *
 * @param items the items on this page
 * @param total how many items match the query in all
 * @param offset the offset of the first item
 * @param <T> the item type
 */
public record Page<T>(List<T> items, long total, int offset) {

  /** Copies the components. */
  public Page {
    items = List.copyOf(items);
  }

  /** {@return whether more matching items follow this page} */
  public boolean hasMore() {
    return offset + items.size() < total;
  }
}

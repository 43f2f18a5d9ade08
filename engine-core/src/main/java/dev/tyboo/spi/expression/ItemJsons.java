package dev.tyboo.spi.expression;

import dev.tyboo.node.Item;
import java.util.List;

/** What the expression views read from a list of items; one place for {@code all/first/last}. */
final class ItemJsons {
  private ItemJsons() {}

  static List<Object> all(List<Item> items) {
    return items.stream().map(i -> (Object) i.json()).toList();
  }

  static Object first(List<Item> items) {
    return items.isEmpty() ? null : items.get(0).json();
  }

  static Object last(List<Item> items) {
    return items.isEmpty() ? null : items.get(items.size() - 1).json();
  }
}

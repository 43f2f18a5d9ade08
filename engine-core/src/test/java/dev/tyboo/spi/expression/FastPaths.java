package dev.tyboo.spi.expression;

import dev.tyboo.node.Item;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the fast-path tests share: one item's data of every JSON kind, a node to look up, and the
 * outcome of an expression (its value, or the kind of its error). JEXL alone is reached by wrapping
 * a source in parentheses, which no fast path takes.
 */
final class FastPaths {

  static final JexlExpressionLanguage LANGUAGE = new JexlExpressionLanguage();

  private FastPaths() {}

  static ExpressionScope scope() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("first", "Ada");
    json.put("last", "Lovelace");
    json.put("one", "1");
    json.put("two", "2");
    json.put("count", 5);
    json.put("big", 5_000_000_000L);
    json.put("price", 2.5);
    json.put("flag", true);
    json.put("nothing", null);
    json.put("tags", List.of("a", "b"));
    json.put("customer", Map.of("email", "ada@example.com"));
    Map<String, Object> frozen = Item.of(json).json();
    List<Item> fetched = List.of(Item.of(Map.of("id", 7, "name", "fetched")));
    NodeLookupView nodes = new NodeLookupView(id -> id.equals("fetch") ? fetched : null, 0);
    return new ExpressionScope() {
      @Override
      public boolean has(String name) {
        return get(name) != null;
      }

      @Override
      public Object get(String name) {
        return switch (name) {
          case "$json" -> frozen;
          case "$node" -> nodes;
          default -> null;
        };
      }
    };
  }

  static Object outcome(String source) {
    try {
      return Objects.requireNonNullElse(LANGUAGE.compile(source).evaluate(scope()), "<null>");
    } catch (RuntimeException e) {
      return "error: " + e.getClass().getSimpleName();
    }
  }

  /** {@return whether the source compiles to a fast path of that class} */
  static boolean takes(Class<?> fastPath, String source) {
    try {
      return fastPath.isInstance(LANGUAGE.compile(source));
    } catch (RuntimeException e) {
      return false;
    }
  }
}

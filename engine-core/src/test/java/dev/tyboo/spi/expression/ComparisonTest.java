package dev.tyboo.spi.expression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.node.Item;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Comparisons on the fast path give exactly what JEXL gives: the same booleans, and JEXL's own
 * errors where JEXL has errors. JEXL alone is reached by wrapping the source in parentheses, which
 * no fast path takes.
 */
class ComparisonTest {

  private static final JexlExpressionLanguage LANGUAGE = new JexlExpressionLanguage();

  private static ExpressionScope scope() {
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

  private static Object outcome(String source) {
    try {
      return Objects.requireNonNullElse(LANGUAGE.compile(source).evaluate(scope()), "<null>");
    } catch (RuntimeException e) {
      return "error: " + e.getClass().getSimpleName();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$json.count > 3",
        "$json.count > 5",
        "$json.count >= 5",
        "$json.count < 5",
        "$json.count <= 4",
        "$json.count == 5",
        "$json.count != 5",
        "3 < $json.count",
        "$json.big > $json.count",
        "$json.count == $json.big",
        "$json.count > 5000000000",
        "$json.first == 'Ada'",
        "$json.first != 'Ada'",
        "$json.first == \"Lovelace\"",
        "$json.one == '01'",
        "$json.first == $json.last",
        "$json.first > 'A'",
        "$json.one == 1",
        "$json.one > 0",
        "$json.price > 2",
        "$json.nothing > 1",
        "$json.missing == 'x'",
        "$json.missing > 1",
        "$json.customer.email == 'ada@example.com'",
        "$node('fetch').json.id >= 7",
        "$node('gone').json.id >= 7",
        "$json.tags == 'a'",
        "$json.first.missing > 1"
      })
  void gives_what_jexl_gives(String source) {
    assertThat(outcome(source)).as(source).isEqualTo(outcome("(" + source + ")"));
    assertThat(CompiledExpressionKind.of(source)).as(source).isEqualTo(CompiledExpressionKind.FAST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$json.first =~ 'A.*'",
        "$json.first !~ 'A.*'",
        "$json.count > 3 && $json.count < 9",
        "$json.count + 1 > 3",
        "$json.count > -3",
        "!$json.flag",
        "$json.count > $json.count > 1",
        "$json.first == 'a\\'b'",
        "3 > 2",
        "$json.price == 2.5",
        "$json.flag == true"
      })
  void leaves_other_shapes_to_jexl(String source) {
    assertThat(CompiledExpressionKind.of(source))
        .as(source)
        .isNotEqualTo(CompiledExpressionKind.FAST);
  }

  private enum CompiledExpressionKind {
    FAST,
    JEXL,
    ERROR;

    static CompiledExpressionKind of(String source) {
      try {
        return LANGUAGE.compile(source) instanceof Comparison ? FAST : JEXL;
      } catch (RuntimeException e) {
        return ERROR;
      }
    }
  }
}

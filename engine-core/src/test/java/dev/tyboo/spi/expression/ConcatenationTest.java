package dev.tyboo.spi.expression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.node.Item;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * String building on the fast path gives exactly what JEXL gives: the same text, and JEXL's own
 * errors where JEXL has errors. JEXL alone is reached by wrapping the source in parentheses, which
 * no fast path takes.
 */
class ConcatenationTest {

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
        "$json.first + ' ' + $json.last",
        "$json.first+$json.last",
        "\"Dear \" + $json.first + \",\"",
        "'+' + $json.first + ' + ' + $json.last",
        "$json.one + $json.two",
        "$json.first + $json.count",
        "$json.count + ' items'",
        "' ' + $json.count + $json.count",
        "$json.count + $json.count + ' items'",
        "$json.first + $json.big",
        "$json.first + $json.price",
        "$json.first + $json.flag",
        "$json.first + $json.nothing",
        "$json.first + $json.missing",
        "$json.first + $json.tags",
        "$json.first + $json.customer",
        "$json.customer.email + ' <' + $json.first + '>'",
        "$node('fetch').json.name + '/' + $node('fetch').json.id",
        "$node('gone').json.name + '/'",
        "$json.first + $json.first.missing",
        "'a' + 'b'"
      })
  void gives_what_jexl_gives(String source) {
    CompiledExpressionKind kind = CompiledExpressionKind.of(source);

    assertThat(outcome(source)).as(source).isEqualTo(outcome("(" + source + ")"));
    assertThat(kind).as(source).isEqualTo(CompiledExpressionKind.FAST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$json.first + ' \\' ' + $json.last",
        "$json.first + size($json.last)",
        "+$json.count + 'x'",
        "$json.first + ' ",
        "$json.count + 1",
        "$undefinedVariable + 'x'"
      })
  void leaves_other_shapes_to_jexl(String source) {
    assertThat(CompiledExpressionKind.of(source))
        .as(source)
        .isNotEqualTo(CompiledExpressionKind.FAST);
  }

  @Test
  void a_result_past_the_longest_string_is_refused_by_jexl() {
    JexlExpressionLanguage small =
        new JexlExpressionLanguage(ExpressionLimits.defaults().withMaxStringLength(10));
    String source = "$json.first + ' ' + $json.last";

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> small.compile(source).evaluate(scope()))
        .isInstanceOf(dev.tyboo.error.ExpressionLimitException.class);
  }

  private enum CompiledExpressionKind {
    FAST,
    JEXL,
    ERROR;

    static CompiledExpressionKind of(String source) {
      try {
        return LANGUAGE.compile(source) instanceof Concatenation ? FAST : JEXL;
      } catch (RuntimeException e) {
        return ERROR;
      }
    }
  }
}

package dev.tyboo.spi.expression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.node.Item;
import dev.tyboo.spi.expression.ExpressionLanguage.CompiledExpression;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path gives exactly what JEXL gives: same values, and errors where JEXL has errors. */
class PropertyPathTest {

  private static final JexlExpressionLanguage LANGUAGE = new JexlExpressionLanguage();

  private static ExpressionScope scope() {
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("email", "ada@example.com");
    customer.put("phone", null);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("customer", customer);
    json.put("total", 150);
    json.put("name", "Ada");
    json.put("tags", List.of("a", "b"));
    Map<String, Object> frozen = Item.of(json).json();
    List<Item> fetched = List.of(Item.of(Map.of("id", 7, "nested", Map.of("deep", true))));
    NodeLookupView nodes = new NodeLookupView(id -> id.equals("fetch") ? fetched : null, 0);
    Map<String, Object> vars = Item.of(Map.of("limit", 100)).json();
    return new ExpressionScope() {
      @Override
      public boolean has(String name) {
        return get(name) != null;
      }

      @Override
      public Object get(String name) {
        return switch (name) {
          case "$json" -> frozen;
          case "$vars" -> vars;
          case "$node" -> nodes;
          default -> null;
        };
      }
    };
  }

  /** Evaluates through JEXL alone, bypassing the fast path. */
  private static Object viaJexl(String source) {
    CompiledExpression compiled = LANGUAGE.compile(source);
    CompiledExpression jexl = compiled instanceof PropertyPath p ? unwrap(p) : compiled;
    return outcome(() -> jexl.evaluate(scope()));
  }

  private static CompiledExpression unwrap(PropertyPath path) {
    try {
      var field = PropertyPath.class.getDeclaredField("jexl");
      field.setAccessible(true);
      return (CompiledExpression) field.get(path);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object outcome(java.util.function.Supplier<Object> evaluation) {
    try {
      return Objects.requireNonNullElse(evaluation.get(), "<null>");
    } catch (RuntimeException e) {
      return "error: " + e.getMessage();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$json.total",
        "$json.customer.email",
        "$json.customer.phone",
        "$json.customer.missing",
        "$json.missing",
        "$json.missing.deeper",
        "$json.name.length",
        "$json.tags",
        "$json.tags.size",
        "$json",
        "$vars.limit",
        "$node('fetch').json.id",
        "$node(\"fetch\").json.nested.deep",
        "$node('absent').json.id",
        "$node('fetch').json.id.more",
        " $json.total "
      })
  void should_agree_with_jexl(String source) {
    Object fast = outcome(() -> LANGUAGE.compile(source).evaluate(scope()));
    assertThat(fast).isEqualTo(viaJexl(source));
  }

  @Test
  void should_take_the_fast_path_only_for_plain_field_chains() {
    assertThat(LANGUAGE.compile("$json.customer.email")).isInstanceOf(PropertyPath.class);
    assertThat(LANGUAGE.compile("$node('fetch').json.id")).isInstanceOf(PropertyPath.class);
    assertThat(LANGUAGE.compile("$json.total > 100")).isNotInstanceOf(PropertyPath.class);
    assertThat(LANGUAGE.compile("$json['customer'].email")).isNotInstanceOf(PropertyPath.class);
    assertThat(LANGUAGE.compile("$json.name.toUpperCase()")).isNotInstanceOf(PropertyPath.class);
  }
}

package dev.tyboo.testkit.spi.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.ExpressionSyntaxException;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ExpressionLanguage} must do: evaluate reads of the engine's variables and
 * refuse anything that reaches the host. Implementations' tests extend this class.
 */
public abstract class ExpressionLanguageContract {

  /** For subclasses, which supply the implementation under test. */
  protected ExpressionLanguageContract() {}

  /** {@return a fresh language} */
  protected abstract ExpressionLanguage createLanguage();

  /**
   * {@return the scope {@code {$json: {name: "Ada", total: 150, tags: [a, b]}, $vars: {limit:
   * 100}}}}
   */
  protected ExpressionScope sampleScope() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", "Ada");
    json.put("total", 150);
    json.put("tags", List.of("a", "b"));
    Map<String, Object> vars = Map.of("limit", 100);
    return new ExpressionScope() {
      @Override
      public boolean has(String name) {
        return name.equals("$json") || name.equals("$vars");
      }

      @Override
      public Object get(String name) {
        return switch (name) {
          case "$json" -> json;
          case "$vars" -> vars;
          default -> null;
        };
      }
    };
  }

  private Object eval(String source) {
    return createLanguage().compile(source).evaluate(sampleScope());
  }

  @Test
  void should_read_fields_and_compare() {
    assertThat(eval("$json.name")).isEqualTo("Ada");
    assertThat(eval("$json.total > $vars.limit")).isEqualTo(true);
    assertThat(eval("$json.tags[1]")).isEqualTo("b");
  }

  @Test
  void should_compute_with_strings_and_numbers() {
    assertThat(eval("$json.name + '!'")).isEqualTo("Ada!");
    assertThat(eval("$json.total * 2")).isEqualTo(300);
    assertThat(eval("$json.name.toUpperCase()")).isEqualTo("ADA");
  }

  @Test
  void should_keep_the_source() {
    assertThat(createLanguage().compile("$json.name").source()).isEqualTo("$json.name");
  }

  @Test
  void should_reject_syntax_errors_at_compile_time() {
    assertThatThrownBy(() -> createLanguage().compile("$json.total >"))
        .isInstanceOf(ExpressionSyntaxException.class);
    assertThatThrownBy(() -> createLanguage().compile("("))
        .isInstanceOf(ExpressionSyntaxException.class);
  }

  @Test
  void should_fail_evaluation_with_a_message_on_undefined_paths() {
    assertThatThrownBy(() -> eval("$json.missing.deeper"))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining("missing");
  }

  /**
   * Attempts to reach the host; each must fail at compile time or evaluation, never return a host
   * object.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "''.getClass()",
        "''.class",
        "$json.getClass().forName('java.lang.Runtime')",
        "$json.class.classLoader",
        "''.getClass().getClassLoader()",
        "new('java.io.File', '/etc/passwd')",
        "new java.io.File('/etc/passwd')",
        "java.lang.Runtime.getRuntime()",
        "Runtime.getRuntime().exec('id')",
        "System.exit(1)",
        "System.getenv()",
        "Math.random()",
        "$json.name.repeat(1000000000)",
        "'%2000000000d'.formatted(1)",
        "'a,b'.split(',')",
        "$json.name.chars()",
        "$json.name.getBytes()",
        "$json.put('x', 1)",
        "$json.x = 1",
        "x = 1",
        "var x = 1",
        "for (var i : [1,2]) { i }",
        "while (true) {}",
        "function(x) { x }",
        "(x) -> x",
        "#pragma jexl.namespace.sys java.lang.System",
        "sys:exit(1)",
        "import java.lang",
        "$json.tags.add('c')",
        "$json.tags.clear()",
        "$vars.limit.getClass()",
        "$json.total.toString().getClass()"
      })
  void should_not_reach_the_host(String attempt) {
    Object result;
    try {
      result = createLanguage().compile(attempt).evaluate(sampleScope());
    } catch (RuntimeException expected) {
      return; // refused: fine
    }
    assertThat(result)
        .as("result of %s", attempt)
        .satisfiesAnyOf(
            r -> assertThat(r).isNull(),
            r -> assertThat(r).isInstanceOfAny(String.class, Number.class, Boolean.class));
    assertThat(result).as("result of %s", attempt).isNotInstanceOf(Class.class);
  }
}

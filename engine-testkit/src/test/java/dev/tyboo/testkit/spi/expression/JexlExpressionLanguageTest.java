package dev.tyboo.testkit.spi.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.ExpressionSyntaxException;
import dev.tyboo.internal.expression.CachingExpressionLanguage;
import dev.tyboo.spi.expression.ExpressionLanguage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JexlExpressionLanguageTest extends ExpressionLanguageContract {

  @Override
  protected ExpressionLanguage createLanguage() {
    return ExpressionLanguage.safeDefault(); // JEXL
  }

  @Test
  void should_refuse_every_host_access_attempt_with_an_error() {
    for (String attempt :
        new String[] {
          "''.getClass()",
          "''.class",
          "$json.name.repeat(3)",
          "'a'.split('a')",
          "$json.tags.add('c')"
        }) {
      assertThatThrownBy(() -> createLanguage().compile(attempt).evaluate(sampleScope()))
          .as(attempt)
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void should_refuse_loops_assignments_and_lambdas_at_compile_time() {
    for (String attempt :
        new String[] {
          "x = 1",
          "$json.x = 1",
          "var x = 1",
          "while (true) {}",
          "function(x) { x }",
          "new('java.io.File', '/')"
        }) {
      assertThatThrownBy(() -> createLanguage().compile(attempt))
          .as(attempt)
          .isInstanceOf(ExpressionSyntaxException.class);
    }
  }

  @Test
  void should_stop_catastrophic_regex_backtracking() {
    // exponential for java.util.regex: (.*a){12} against thirty a's and a b
    String evil = "'" + "a".repeat(30) + "b' =~ '(.*a){12}'";
    long start = System.nanoTime();
    assertThatThrownBy(() -> createLanguage().compile(evil).evaluate(sampleScope()))
        .hasMessageContaining("regular expression gave up");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(createLanguage().compile("$json.name =~ 'A.a'").evaluate(sampleScope()))
        .isEqualTo(true);
    assertThat(createLanguage().compile("'b' =~ $json.tags").evaluate(sampleScope()))
        .isEqualTo(true);
  }

  @Test
  void should_refuse_oversized_and_empty_expressions() {
    assertThatThrownBy(() -> createLanguage().compile("1+".repeat(6000) + "1"))
        .isInstanceOf(ExpressionSyntaxException.class)
        .hasMessageContaining("longer than");
    assertThatThrownBy(() -> createLanguage().compile("  "))
        .isInstanceOf(ExpressionSyntaxException.class);
  }

  @Test
  void should_cache_compiled_expressions() {
    CachingExpressionLanguage caching = new CachingExpressionLanguage(createLanguage(), 100);
    var first = caching.compile("$json.total + 1");
    assertThat(caching.compile("$json.total + 1")).isSameAs(first);
    assertThat(caching.size()).isEqualTo(1);
    assertThatThrownBy(() -> caching.compile("$json.total +"))
        .isInstanceOf(ExpressionSyntaxException.class);
    assertThat(caching.size()).isEqualTo(1);
  }
}

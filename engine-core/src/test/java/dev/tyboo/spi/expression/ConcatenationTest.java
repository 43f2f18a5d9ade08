package dev.tyboo.spi.expression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * String building on the fast path gives exactly what JEXL gives: the same text, and JEXL's own
 * errors where JEXL has errors. JEXL alone is reached by wrapping the source in parentheses, which
 * no fast path takes.
 */
class ConcatenationTest {

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
    assertThat(FastPaths.outcome(source))
        .as(source)
        .isEqualTo(FastPaths.outcome("(" + source + ")"));
    assertThat(FastPaths.takes(Concatenation.class, source)).as(source).isTrue();
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
    assertThat(FastPaths.takes(Concatenation.class, source)).as(source).isFalse();
  }

  @Test
  void a_result_past_the_longest_string_is_refused_by_jexl() {
    JexlExpressionLanguage small =
        new JexlExpressionLanguage(ExpressionLimits.defaults().withMaxStringLength(10));
    String source = "$json.first + ' ' + $json.last";

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> small.compile(source).evaluate(FastPaths.scope()))
        .isInstanceOf(dev.tyboo.error.ExpressionLimitException.class);
  }
}

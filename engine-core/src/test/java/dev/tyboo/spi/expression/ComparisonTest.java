package dev.tyboo.spi.expression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Comparisons on the fast path give exactly what JEXL gives: the same booleans, and JEXL's own
 * errors where JEXL has errors. JEXL alone is reached by wrapping the source in parentheses, which
 * no fast path takes.
 */
class ComparisonTest {

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
    assertThat(FastPaths.outcome(source))
        .as(source)
        .isEqualTo(FastPaths.outcome("(" + source + ")"));
    assertThat(FastPaths.takes(Comparison.class, source)).as(source).isTrue();
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
    assertThat(FastPaths.takes(Comparison.class, source)).as(source).isFalse();
  }
}

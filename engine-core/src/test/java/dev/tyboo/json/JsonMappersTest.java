package dev.tyboo.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMappersTest {

  private final ObjectMapper standard = JsonMappers.standard();

  @Test
  void standard_reads_integers_by_size_and_fractions_as_doubles() throws Exception {
    List<Object> values =
        standard.readValue(
            "[1, 10000000000, 100000000000000000000, 1.5]", new TypeReference<>() {});
    assertThat(values)
        .containsExactly(1, 10_000_000_000L, new BigInteger("100000000000000000000"), 1.5);
  }

  @Test
  void standard_refuses_what_follows_the_first_value() {
    assertThatThrownBy(() -> standard.readTree("{\"a\": 1} x"))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("Unrecognized token 'x'");
    assertThatThrownBy(() -> standard.readTree("{\"a\": 1} {}"))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("Trailing token");
    assertThatThrownBy(() -> standard.readValue("[1] [2]", List.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void standard_refuses_nesting_deeper_than_the_bound_while_parsing() throws Exception {
    int ok = JsonMappers.MAX_NESTING_DEPTH;
    assertThat(standard.readTree("[".repeat(ok) + "]".repeat(ok))).isNotNull();
    int deep = ok + 1;
    assertThatThrownBy(() -> standard.readTree("[".repeat(deep) + "]".repeat(deep)))
        .isInstanceOf(StreamConstraintsException.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void standard_refuses_not_a_number() {
    assertThatThrownBy(() -> standard.readTree("[NaN]")).isInstanceOf(JsonParseException.class);
  }

  @Test
  void standard_bounds_strings_and_a_variant_may_raise_the_bound() throws Exception {
    String big = "\"" + "x".repeat(JsonMappers.MAX_STRING_LENGTH + 1) + "\"";
    assertThatThrownBy(() -> standard.readTree(big))
        .isInstanceOf(StreamConstraintsException.class)
        .hasMessageContaining("String value length");
    assertThat(JsonMappers.builder(Integer.MAX_VALUE).build().readTree(big).asText())
        .hasSize(JsonMappers.MAX_STRING_LENGTH + 1);
    assertThatThrownBy(() -> JsonMappers.builder(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStringLength");
  }

  @Test
  void documents_allow_comments_and_refuse_a_key_given_twice() throws Exception {
    ObjectMapper documents = JsonMappers.documents();
    assertThat(documents.readTree("// a workflow\n{\"a\": /* one */ 1}").get("a").asInt())
        .isEqualTo(1);
    assertThatThrownBy(() -> documents.readTree("{\"a\": 1, \"a\": 2}"))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("Duplicate field 'a'");
    // standard data keeps the last one, as every JSON reader on the web does
    assertThat(standard.readTree("{\"a\": 1, \"a\": 2}").get("a").asInt()).isEqualTo(2);
    assertThatThrownBy(() -> documents.readTree("{} {}"))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void canonical_writes_keys_sorted_at_every_level() throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("b", 2);
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("y", inner);
    outer.put("a", true);
    assertThat(JsonMappers.canonical().writeValueAsString(outer))
        .isEqualTo("{\"a\":true,\"y\":{\"b\":2,\"z\":1}}");
    assertThat(standard.writeValueAsString(outer))
        .isEqualTo("{\"y\":{\"z\":1,\"b\":2},\"a\":true}");
  }

  @Test
  void each_call_makes_a_new_mapper_so_reconfiguring_one_changes_no_other() throws Exception {
    ObjectMapper mine = JsonMappers.standard();
    mine.enable(SerializationFeature.INDENT_OUTPUT);
    assertThat(JsonMappers.standard()).isNotSameAs(mine);
    assertThat(JsonMappers.standard().writeValueAsString(Map.of("a", 1))).isEqualTo("{\"a\":1}");
  }
}

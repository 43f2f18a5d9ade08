package dev.tyboo.ai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON Schema subset a model's structured answer is checked against. */
class SchemaCheckTest {

  private static final Map<String, Object> ORDER =
      Map.of(
          "type",
          "object",
          "required",
          List.of("id", "lines"),
          "additionalProperties",
          false,
          "properties",
          Map.of(
              "id", Map.of("type", "integer", "minimum", 1),
              "status", Map.of("type", "string", "enum", List.of("open", "paid")),
              "note", Map.of("type", List.of("string", "null"), "maxLength", 5),
              "lines",
                  Map.of(
                      "type",
                      "array",
                      "minItems",
                      1,
                      "items",
                      Map.of(
                          "type", "object",
                          "required", List.of("qty"),
                          "properties", Map.of("qty", Map.of("type", "integer"))))));

  @Test
  void a_conforming_value_has_no_problems() {
    assertThat(
            SchemaCheck.problems(
                Map.of("id", 7, "status", "paid", "lines", List.of(Map.of("qty", 2))), ORDER))
        .isEmpty();
    java.util.Map<String, Object> withNull =
        new java.util.HashMap<>(Map.of("id", 7, "lines", List.of(Map.of("qty", 2.0))));
    withNull.put("note", null);
    assertThat(SchemaCheck.problems(withNull, ORDER))
        .as("2.0 is an integer; null is allowed")
        .isEmpty();
  }

  @Test
  void each_problem_names_its_path() {
    List<String> problems =
        SchemaCheck.problems(
            Map.of(
                "id",
                0,
                "status",
                "lost",
                "note",
                "too long",
                "extra",
                true,
                "lines",
                List.of(Map.of("qty", "two"), Map.of())),
            ORDER);
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "$.id: must be at least 1, was 0",
            "$.status: must be one of [open, paid], was \"lost\"",
            "$.note: must have at most 5 characters, has 8",
            "$.extra: is not allowed (the schema names "
                + ((Map<?, ?>) ORDER.get("properties")).keySet()
                + ")",
            "$.lines[0].qty: must be of type integer, was \"two\"",
            "$.lines[1].qty: is required");
    assertThat(SchemaCheck.problems(List.of(), ORDER))
        .containsExactly("$: must be of type object, was an array");
  }
}

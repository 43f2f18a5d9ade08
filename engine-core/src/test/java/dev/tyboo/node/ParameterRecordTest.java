package dev.tyboo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters declared by a record: the specs and the JSON Schema derived from it. */
class ParameterRecordTest {

  enum Mode {
    append,
    combine
  }

  record Field(@Param(required = true) String name, @Param(defaultValue = "asc") String order) {}

  record Everything(
      @Param(required = true, description = "Where to send it") String url,
      @Param(defaultValue = "3") int retries,
      long big,
      double ratio,
      BigDecimal amount,
      @Param(defaultValue = "true") boolean verbose,
      Mode mode,
      @Param(defaultValue = "30s") Duration timeout,
      Instant notBefore,
      List<String> tags,
      List<Field> fields,
      Map<String, Object> headers,
      Field primary,
      Object anything,
      @Param(type = PropertyType.CODE) String code,
      @Param(
              name = "default",
              oneOf = {"a", "b"})
          String fallback) {}

  @Test
  void should_derive_one_parameter_per_component_with_its_type() {
    List<PropertySpec> specs = PropertySpec.fromRecord(Everything.class);

    assertThat(specs)
        .extracting(PropertySpec::name)
        .containsExactly(
            "url",
            "retries",
            "big",
            "ratio",
            "amount",
            "verbose",
            "mode",
            "timeout",
            "notBefore",
            "tags",
            "fields",
            "headers",
            "primary",
            "anything",
            "code",
            "default");
    assertThat(specs)
        .extracting(PropertySpec::type)
        .containsExactly(
            PropertyType.STRING,
            PropertyType.INTEGER,
            PropertyType.INTEGER,
            PropertyType.NUMBER,
            PropertyType.NUMBER,
            PropertyType.BOOLEAN,
            PropertyType.STRING,
            PropertyType.DURATION,
            PropertyType.INSTANT,
            PropertyType.ARRAY,
            PropertyType.ARRAY,
            PropertyType.OBJECT,
            PropertyType.OBJECT,
            PropertyType.ANY,
            PropertyType.CODE,
            PropertyType.STRING);
    PropertySpec url = specs.getFirst();
    assertThat(url.isRequired()).isTrue();
    assertThat(url.description()).isEqualTo("Where to send it");
    assertThat(specs.get(1).defaultValue()).isEqualTo(3);
    assertThat(specs.get(5).defaultValue()).isEqualTo(true);
    assertThat(specs.get(6).options()).containsExactly("append", "combine");
    assertThat(specs.get(7).defaultValue()).isEqualTo("30s");
    assertThat(specs.get(12).properties())
        .extracting(PropertySpec::name)
        .containsExactly("name", "order");
    assertThat(specs.get(15).options()).containsExactly("a", "b");
  }

  @Test
  void should_publish_the_record_as_a_json_schema_with_formats() {
    NodeDescriptor d =
        NodeDescriptor.builder("test.everything").parameters(Everything.class).build();

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> props =
        (Map<String, Map<String, Object>>) d.parameterSchema().get("properties");
    assertThat(d.parameterSchema().get("required")).isEqualTo(List.of("url"));
    assertThat(props.get("timeout"))
        .containsEntry("type", "string")
        .containsEntry("format", "duration");
    assertThat(props.get("notBefore")).containsEntry("format", "date-time");
    assertThat(props.get("mode")).containsEntry("enum", List.of("append", "combine"));
    assertThat(props.get("primary")).containsEntry("required", List.of("name"));
  }

  record Waiting(
      @Param(required = true) String mode,
      @RequiredWhen(parameter = "mode", is = "duration") Duration duration,
      @ShownWhen(
              parameter = "mode",
              is = {"resume", "duration"})
          Duration timeout) {}

  @Test
  void should_write_conditions_as_if_then_rules_of_the_schema() {
    Map<String, Object> schema =
        NodeDescriptor.builder("test.waiting").parameters(Waiting.class).build().parameterSchema();

    assertThat(schema.get("allOf"))
        .isEqualTo(
            List.of(
                Map.of(
                    "if",
                    Map.of(
                        "required",
                        List.of("mode"),
                        "properties",
                        Map.of("mode", Map.of("enum", List.of("duration")))),
                    "then",
                    Map.of("required", List.of("duration"))),
                Map.of(
                    "if",
                    Map.of("required", List.of("timeout")),
                    "then",
                    Map.of(
                        "required",
                        List.of("mode"),
                        "properties",
                        Map.of("mode", Map.of("enum", List.of("resume", "duration")))))));
  }

  record SelfCondition(@RequiredWhen(parameter = "a", is = "x") String a) {}

  record UnknownCondition(@RequiredWhen(parameter = "nope", is = "x") String a) {}

  record BadDefault(@Param(defaultValue = "soon") Duration pause) {}

  record BadBoolean(@Param(defaultValue = "yes") boolean flag) {}

  record Unfit(Thread thread) {}

  record BadCode(@Param(type = PropertyType.CODE) int code) {}

  record Tree(String name, List<Tree> children) {}

  @Test
  void should_refuse_records_that_cannot_be_parameters_naming_the_component() {
    assertThatThrownBy(() -> PropertySpec.fromRecord(SelfCondition.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another parameter");
    assertThatThrownBy(() -> PropertySpec.fromRecord(UnknownCondition.class))
        .hasMessageContaining("UnknownCondition.a")
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> PropertySpec.fromRecord(BadDefault.class))
        .hasMessageContaining("BadDefault.pause")
        .hasMessageContaining("'soon' is not DURATION");
    assertThatThrownBy(() -> PropertySpec.fromRecord(BadBoolean.class))
        .hasMessageContaining("BadBoolean.flag")
        .hasMessageContaining("'yes' is not a boolean");
    assertThatThrownBy(() -> PropertySpec.fromRecord(Unfit.class))
        .hasMessageContaining("Unfit.thread has type java.lang.Thread")
        .hasMessageContaining("no parameter type fits");
    assertThatThrownBy(() -> PropertySpec.fromRecord(BadCode.class))
        .hasMessageContaining("BadCode.code: a int cannot be a CODE");
    assertThatThrownBy(() -> PropertySpec.fromRecord(Tree.class)) // not a StackOverflowError
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tree contains itself");
    assertThatThrownBy(() -> PropertySpec.fromRecord(Tree.class)) // and again: nothing cached
        .hasMessageContaining("Tree contains itself");
  }

  @Test
  void should_refuse_a_descriptor_whose_condition_names_no_sibling() {
    assertThatThrownBy(
            () ->
                NodeDescriptor.builder("test.cond")
                    .property(PropertySpec.string("a").requiredWhen("b", "x"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'a' has a condition on 'b', which is not a parameter");
  }

  @Test
  void should_read_durations_in_iso_and_short_forms_and_refuse_negative_ones() {
    assertThat(PropertyType.DURATION.accepts("PT15M")).isTrue();
    assertThat(PropertyType.DURATION.accepts("P3D")).isTrue();
    assertThat(PropertyType.DURATION.accepts("1h30m")).isTrue();
    assertThat(PropertyType.DURATION.accepts("500ms")).isTrue();
    assertThat(PropertyType.DURATION.accepts("PT-5S")).isFalse();
    assertThat(PropertyType.DURATION.accepts("5 minutes")).isFalse();
    assertThat(PropertyType.DURATION.accepts(30)).isFalse();
    assertThat(PropertyType.DURATION.accepts("9".repeat(100) + "s")).isFalse();
    assertThat(PropertyType.INSTANT.accepts("2026-12-24T18:00:00Z")).isTrue();
    assertThat(PropertyType.INSTANT.accepts("2026-12-24T19:00:00+01:00")).isTrue();
    assertThat(PropertyType.INSTANT.accepts("2026-12-24")).isFalse();
  }
}

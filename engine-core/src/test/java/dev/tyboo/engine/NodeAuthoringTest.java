package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.node.ShownWhen;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node-authoring kit through a running engine: bound parameters, conditions, mapItems. */
class NodeAuthoringTest {

  enum Unit {
    seconds,
    minutes
  }

  record Rule(@Param(required = true) String field, @Param(defaultValue = "1") int times) {}

  record Params(
      @Param(required = true) String field,
      @Param(defaultValue = "seconds") Unit unit,
      @Param(defaultValue = "PT1M") Duration every,
      Instant since,
      List<Rule> rules,
      @RequiredWhen(parameter = "unit", is = "minutes") Integer minutes,
      @ShownWhen(parameter = "unit", is = "seconds") Long seconds) {}

  /** Writes its bound parameters onto each item, as text. */
  static final NodeType ECHO =
      NodeType.of(
          NodeDescriptor.builder("test.echo").parameters(Params.class).build(),
          ctx ->
              NodeResult.mapItems(
                  ctx,
                  Params.class,
                  (item, p) ->
                      item.with(p.field(), p.unit() + "/" + p.every() + "/" + p.since())
                          .with("rules", String.valueOf(p.rules()))
                          .with("minutes", String.valueOf(p.minutes()))));

  private final Engine engine = Engine.builder().nodeType(ECHO).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static Workflow echo(Map<String, Object> params) {
    return Workflow.named("echo").node("echo", NodeDefinition.of(ECHO, params)).build();
  }

  private static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void should_bind_parameters_per_item_with_expressions_defaults_and_conversions() {
    Execution run =
        engine.run(
            echo(
                params(
                    "field", "out",
                    "every", "{{ $json.every }}",
                    "since", "2026-12-24T19:00:00+01:00",
                    "rules", List.of(Map.of("field", "a"), Map.of("field", "b", "times", 2)))),
            Item.listOf(Map.of("every", "90s"), Map.of("every", "PT2H")));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("echo"))
        .extracting(i -> i.get("out"))
        .containsExactly(
            "seconds/PT1M30S/2026-12-24T18:00:00Z", "seconds/PT2H/2026-12-24T18:00:00Z");
    assertThat(run.output("echo").getFirst().get("rules"))
        .isEqualTo("[Rule[field=a, times=1], Rule[field=b, times=2]]");
  }

  @Test
  void should_fail_the_item_whose_expression_gives_a_value_that_does_not_fit() {
    Execution run =
        engine.run(
            echo(params("field", "out", "every", "{{ $json.every }}")),
            Item.listOf(Map.of("every", "30s"), Map.of("every", "soon")));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    NodeExecutionException error = run.error().orElseThrow();
    assertThat(error.itemIndex()).isEqualTo(1);
    assertThat(error.detail())
        .isEqualTo(
            "parameter 'every' must be a duration such as PT15M, P3D, 500ms, 30s or 1h30m, but its"
                + " expression gave string 'soon'");
    assertThat(error.getMessage()).startsWith("Node 'echo' failed (execution ");
  }

  @Test
  void should_name_the_path_of_a_nested_value_that_does_not_fit() {
    Execution run =
        engine.run(
            echo(params("field", "out", "rules", List.of(Map.of("field", "a", "times", 1.5)))),
            Item.listOf(Map.of()));

    assertThat(run.error().orElseThrow().detail())
        .isEqualTo(
            "parameter 'rules[0].times' must be an integer from -2147483648 to 2147483647, was"
                + " number 1.5");
  }

  @Test
  void should_report_conditional_parameters_when_validating_literal_values() {
    assertThatThrownBy(() -> engine.validate(echo(params("field", "out", "unit", "minutes"))))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.minutes")
        .hasMessageContaining("parameter 'minutes' is required when unit is minutes");
    assertThatThrownBy(
            () ->
                engine.validate(
                    echo(params("field", "out", "unit", "minutes", "minutes", 2, "seconds", 5))))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.seconds")
        .hasMessageContaining("parameter 'seconds' applies only when unit is seconds");
    engine.validate(echo(params("field", "out", "seconds", 5))); // the default unit shows it
  }

  @Test
  void
      should_check_a_conditionally_required_parameter_at_run_time_when_its_condition_is_an_expression() {
    Execution run =
        engine.run(
            echo(params("field", "out", "unit", "{{ $json.unit }}")),
            Item.listOf(Map.of("unit", "seconds"), Map.of("unit", "minutes")));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow().itemIndex()).isEqualTo(1);
    assertThat(run.error().orElseThrow().detail())
        .isEqualTo("parameter 'minutes' is required when unit is minutes");
  }

  @Test
  void should_report_wrong_literal_durations_before_the_run() {
    assertThatThrownBy(() -> engine.validate(echo(params("field", "out", "every", "PT-1S"))))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining(
            "parameter 'every' must be a duration such as PT15M, P3D, 500ms, 30s or 1h30m, was"
                + " string 'PT-1S'");
  }

  @Test
  void should_type_a_failure_inside_map_items_and_record_the_item() {
    NodeType flaky =
        NodeType.of(
            NodeDescriptor.builder("test.flaky").build(),
            ctx ->
                NodeResult.mapItems(
                    ctx,
                    (item, i) -> {
                      if (item.get("bad") != null) {
                        throw new IOException("connection reset");
                      }
                      return item;
                    }));
    try (Engine e = Engine.builder().nodeType(flaky).build()) {
      Execution run =
          e.run(
              Workflow.named("f").node("f", NodeDefinition.of(flaky, Map.of())).build(),
              Item.listOf(Map.of(), Map.of("bad", true)));

      NodeExecutionException error = run.error().orElseThrow();
      assertThat(error).isInstanceOf(RetryableNodeException.class);
      assertThat(error.itemIndex()).isEqualTo(1);
      assertThat(error.detail()).isEqualTo("java.io.IOException: connection reset");
    }
  }

  @Test
  void should_split_items_with_flat_map_items() {
    NodeType split =
        NodeType.of(
            NodeDescriptor.builder("test.split").build(),
            ctx ->
                NodeResult.flatMapItems(
                    ctx,
                    (item, i) ->
                        ((List<?>) item.get("xs"))
                            .stream().map(x -> Item.of(Map.of("x", x))).toList()));
    try (Engine e = Engine.builder().nodeType(split).build()) {
      Execution run =
          e.run(
              Workflow.named("s").node("s", NodeDefinition.of(split, Map.of())).build(),
              Item.listOf(
                  Map.of("xs", List.of(1, 2)), Map.of("xs", List.of()), Map.of("xs", List.of(3))));

      assertThat(run.output("s")).extracting(i -> i.get("x")).containsExactly(1, 2, 3);
    }
  }

  @Test
  void should_word_node_failures_without_the_node() {
    assertThat(NodeFailure.badParameter("limit", 2, "must not be negative", -1).detail())
        .isEqualTo("parameter 'limit' must not be negative, was number -1");
    assertThat(NodeFailure.badParameter("limit", 2, "must not be negative", -1).itemIndex())
        .isEqualTo(2);
    assertThat(NodeFailure.missingParameter("url", -1, "").detail())
        .isEqualTo("parameter 'url' is required");
    assertThat(NodeFailure.retryable(0, "503 from the server", null).isRetryable()).isTrue();
    assertThat(NodeFailure.classify(new IllegalStateException("x"), 4).isRetryable()).isFalse();
    assertThat(NodeFailure.classify(new IllegalStateException("x"), 4).itemIndex()).isEqualTo(4);
  }
}

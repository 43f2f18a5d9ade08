package dev.tyboo.workflow;

import static dev.tyboo.testing.Passthrough.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tyboo.error.Problem;
import dev.tyboo.error.Problem.Kind;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.testing.TestNodes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowValidationTest {

  private static WorkflowValidationException problemsOf(WorkflowBuilder builder) {
    return catchThrowableOfType(WorkflowValidationException.class, builder::build);
  }

  @Test
  void should_build_a_valid_workflow() {
    Workflow wf =
        Workflow.named("ok")
            .node("a", identity())
            .node("b", TestNodes.set("x", "{{ $json.y + 1 }}"))
            .connect("a", "b")
            .build();
    assertThat(wf.nodes()).extracting(NodeSpec::id).containsExactly("a", "b");
    assertThat(wf.connections()).containsExactly(Connection.of("a", "b"));
  }

  @Test
  void should_report_duplicate_ids() {
    var e = problemsOf(Workflow.named("w").node("a", identity()).node("a", identity()));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.DUPLICATE);
              assertThat(p.path()).isEqualTo("$.nodes[1].id");
              assertThat(p.message()).contains("'a'");
            });
  }

  @Test
  void should_report_dangling_connections_with_a_suggestion() {
    var e =
        problemsOf(
            Workflow.named("w")
                .node("fetch", identity())
                .node("send", identity())
                .connect("fetch", "sned"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.DANGLING_CONNECTION);
              assertThat(p.path()).isEqualTo("$.connections[0].to");
              assertThat(p.message()).contains("'sned'").contains("did you mean 'send'?");
            });
  }

  @Test
  void should_report_unknown_ports_on_both_ends() {
    var e =
        problemsOf(
            Workflow.named("w")
                .node("r", TestNodes.route(true))
                .node("b", identity())
                .connect("r", "ture", "b")
                .connect("b", "main", "r", "other"));
    assertThat(e.problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_PORT, "$.connections[0].output"),
            org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_PORT, "$.connections[1].input"));
    assertThat(e.problems().get(0).message())
        .contains("did you mean 'true'?")
        .contains("[true, false]");
  }

  @Test
  void should_allow_the_error_port_only_with_continue_on_fail() {
    var e =
        problemsOf(
            Workflow.named("w")
                .node("a", identity())
                .node("b", identity())
                .connect("a", "error", "b"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("continues on failure"));

    Workflow ok =
        Workflow.named("w")
            .node("a", identity(), n -> n.continueOnFail())
            .node("b", identity())
            .connect("a", "error", "b")
            .build();
    assertThat(ok.connections()).hasSize(1);
  }

  @Test
  void should_name_the_cycle() {
    var e =
        problemsOf(
            Workflow.named("w")
                .node("a", identity())
                .node("b", identity())
                .node("c", identity())
                .node("d", identity())
                .connect("a", "b")
                .connect("b", "c")
                .connect("c", "d")
                .connect("d", "b"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.CYCLE);
              assertThat(p.message()).contains("b -> c -> d -> b");
            });
  }

  @Test
  void should_report_a_self_loop_as_a_cycle() {
    var e = problemsOf(Workflow.named("w").node("a", identity()).connect("a", "a"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("a -> a"));
  }

  @Test
  void should_report_missing_unknown_and_mistyped_parameters() {
    var e =
        problemsOf(
            Workflow.named("w")
                .node(
                    "s", TestNodes.source(Map.of("count", "three", "mode", "medium", "optoins", 1)))
                .node("t", NodeDefinition.of(TestNodes.SET, Map.of("value", 1))));
    assertThat(e.problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                Kind.INVALID_PARAMETER, "$.nodes[0].parameters.count"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.INVALID_PARAMETER, "$.nodes[0].parameters.mode"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.UNKNOWN_PARAMETER, "$.nodes[0].parameters.optoins"),
            org.assertj.core.groups.Tuple.tuple(Kind.MISSING, "$.nodes[1].parameters.field"));
    assertThat(e.getMessage())
        .contains("must be an integer, was string 'three'")
        .contains("must be one of [fast, slow]")
        .contains("did you mean 'options'?");
  }

  @Test
  void should_check_nested_object_parameters() {
    var e =
        problemsOf(
            Workflow.named("w")
                .node("s", TestNodes.source(Map.of("options", Map.of("verbose", "yes")))));
    assertThat(e.problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                Kind.INVALID_PARAMETER, "$.nodes[0].parameters.options.verbose"),
            org.assertj.core.groups.Tuple.tuple(
                Kind.MISSING, "$.nodes[0].parameters.options.label"));
  }

  @Test
  void should_accept_expressions_for_typed_parameters_and_reject_broken_ones() {
    Workflow ok =
        Workflow.named("w").node("s", TestNodes.source(Map.of("count", "{{ $vars.n }}"))).build();
    assertThat(ok.nodes()).hasSize(1);

    var e =
        problemsOf(
            Workflow.named("w")
                .node("a", TestNodes.set("x", "{{ $json.a + }}"))
                .node("b", TestNodes.set("x", "total: {{ $json.a"))
                .node("c", TestNodes.set("x", "{{ var x = 1; x }}"))
                .node("d", TestNodes.set("x", "{{ }}")));
    assertThat(e.problems()).extracting(Problem::kind).containsOnly(Kind.INVALID_EXPRESSION);
    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(
            "$.nodes[0].parameters.value",
            "$.nodes[1].parameters.value",
            "$.nodes[2].parameters.value",
            "$.nodes[3].parameters.value");
    assertThat(e.problems().get(1).message()).contains("no closing '}}'");
  }

  @Test
  void should_report_every_problem_at_once() {
    var e =
        problemsOf(
            Workflow.named(" ")
                .node("a", identity())
                .node("a", identity())
                .node("s", TestNodes.source(Map.of("count", true)))
                .connect("a", "nope")
                .maxConcurrentExecutions(-1));
    assertThat(e.problems())
        .extracting(Problem::kind)
        .contains(
            Kind.INVALID_VALUE, Kind.DUPLICATE, Kind.INVALID_PARAMETER, Kind.DANGLING_CONNECTION);
    assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(e.getMessage()).startsWith("Workflow ' ' is invalid (");
  }

  @Test
  void should_reject_credentials_the_node_type_does_not_use() {
    var e =
        problemsOf(Workflow.named("w").node("a", identity(), n -> n.credential("smtp", "office")));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.INVALID_VALUE);
              assertThat(p.path()).isEqualTo("$.nodes[0].credentials.smtp");
            });
  }

  @Test
  void should_reject_non_json_parameter_values_with_their_path() {
    assertThatThrownBy(() -> TestNodes.set("x", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameters.value")
        .hasMessageContaining("not a JSON value");
    NodeDefinition custom =
        new NodeDefinition() {
          @Override
          public dev.tyboo.node.NodeType nodeType() {
            return TestNodes.SET;
          }

          @Override
          public Map<String, Object> parameters() {
            return Map.of("field", "x", "value", new Object());
          }
        };
    var e = problemsOf(Workflow.named("w").node("a", custom));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.INVALID_PARAMETER);
              assertThat(p.message())
                  .contains("nodes.a.parameters.value")
                  .contains("not a JSON value");
            });
  }

  @Test
  void should_reject_null_arguments_naming_them() {
    assertThatThrownBy(() -> Workflow.named(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> Workflow.named("w").node(null, identity())).hasMessage("id");
    assertThatThrownBy(() -> Workflow.named("w").node("a", (NodeDefinition) null))
        .hasMessage("definition");
    assertThatThrownBy(() -> Workflow.named("w").connect("a", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Workflow.named("w").nodeTimeout(null)).hasMessage("timeout");
  }

  @Test
  void should_reject_bad_policy_values() {
    assertThatThrownBy(
            () -> Workflow.named("w").node("a", identity(), n -> n.timeout(Duration.ZERO)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(2).build())
        .hasMessageContaining("jitter");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder().backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
        .hasMessageContaining("maxDelay");
  }
}

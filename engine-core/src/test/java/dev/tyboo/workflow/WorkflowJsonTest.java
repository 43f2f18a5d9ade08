package dev.tyboo.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tyboo.error.IOFailure;
import dev.tyboo.error.Problem;
import dev.tyboo.error.Problem.Kind;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.error.WorkflowDefinitionException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.testing.TestNodes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowJsonTest {

  private final NodeRegistry registry = TestNodes.registry();

  private Workflow sample() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("greeting", "hello {{ $json.name }}");
    value.put("tags", List.of("a", 1, 2.5, true));
    value.put("nothing", null);
    return Workflow.named("orders")
        .description("a sample")
        .retry(
            RetryPolicy.builder()
                .maxAttempts(4)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .abortOn(IllegalStateException.class)
                .build())
        .nodeTimeout(Duration.ofSeconds(30))
        .maxConcurrentExecutions(3)
        .node("source", TestNodes.source(Map.of("count", 3)))
        .node(
            "route",
            TestNodes.route("{{ $json.n > 0 }}"),
            n -> n.timeout(Duration.ofSeconds(5)).continueOnFail())
        .node("set", TestNodes.set("out", value), n -> n.retry(RetryPolicy.none()))
        .node("other", TestNodes.set("x", 1))
        .connect("source", "route")
        .connect("route", "true", "set")
        .connect("route", "error", "other")
        .build();
  }

  @Test
  void should_round_trip_byte_identically() {
    String first = WorkflowJson.write(sample());
    Workflow read = WorkflowJson.read(first, registry);
    String second = WorkflowJson.write(read);
    assertThat(second).isEqualTo(first);
    assertThat(read).isEqualTo(WorkflowJson.read(second, registry));
    assertThat(read.settings().retry().abortOn()).containsExactly(IllegalStateException.class);
    assertThat(read.node("set").orElseThrow().parameters().get("value"))
        .isEqualTo(sample().node("set").orElseThrow().parameters().get("value"));
  }

  @Test
  void should_write_a_documented_shape() {
    String json =
        WorkflowJson.write(
            Workflow.named("w")
                .node("a", TestNodes.set("x", 1))
                .node("b", TestNodes.set("y", 2))
                .connect("a", "b")
                .build());
    assertThat(json)
        .isEqualTo(
            """
        {
          "name": "w",
          "nodes": [
            {
              "id": "a",
              "type": "test.set",
              "version": 1,
              "parameters": {
                "field": "x",
                "value": 1
              }
            },
            {
              "id": "b",
              "type": "test.set",
              "version": 1,
              "parameters": {
                "field": "y",
                "value": 2
              }
            }
          ],
          "connections": [
            {
              "from": "a",
              "to": "b"
            }
          ]
        }
        """);
  }

  @Test
  void should_refuse_to_write_lambda_nodes() {
    Workflow wf = Workflow.named("w").node("mine", ctx -> null).build();
    assertThatThrownBy(() -> WorkflowJson.write(wf))
        .isInstanceOf(WorkflowDefinitionException.class)
        .hasMessageContaining("node 'mine' is a Java lambda");
  }

  @Test
  void should_report_malformed_json_with_its_location() {
    var e =
        catchThrowableOfType(
            WorkflowValidationException.class,
            () -> WorkflowJson.read("{\"name\": \"w\",\n \"nodes\": [}", registry));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.MALFORMED);
              assertThat(p.message()).contains("line 2");
            });
  }

  @Test
  void should_report_unknown_types_fields_and_versions_with_suggestions() {
    String json =
        """
        {"name": "w", "nodez": [],
         "nodes": [
           {"id": "a", "type": "test.sett", "parameters": {"field": "x", "value": 1}},
           {"id": "b", "type": "test.set", "version": 7, "parameters": {"field": "x", "value": 1}},
           {"id": "c", "type": "test.set", "parametres": {}},
           {"id": 5, "type": "test.set"},
           "nope"
         ],
         "connections": [{"from": "a", "to": "b"}, {"from": "c", "to": "zz"}, {"to": "c"}]}
        """;
    var e =
        catchThrowableOfType(
            WorkflowValidationException.class, () -> WorkflowJson.read(json, registry));
    assertThat(e.workflowName()).isEqualTo("w");
    assertThat(e.problems())
        .extracting(Problem::kind, Problem::path)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Kind.MALFORMED, "$.nodez"),
            org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_NODE_TYPE, "$.nodes[0].type"),
            org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_NODE_TYPE, "$.nodes[1].version"),
            org.assertj.core.groups.Tuple.tuple(Kind.MALFORMED, "$.nodes[2].parametres"),
            org.assertj.core.groups.Tuple.tuple(Kind.MISSING, "$.nodes[2].parameters.field"),
            org.assertj.core.groups.Tuple.tuple(Kind.MISSING, "$.nodes[2].parameters.value"),
            org.assertj.core.groups.Tuple.tuple(Kind.MALFORMED, "$.nodes[3].id"),
            org.assertj.core.groups.Tuple.tuple(Kind.MALFORMED, "$.nodes[4]"),
            org.assertj.core.groups.Tuple.tuple(Kind.DANGLING_CONNECTION, "$.connections[1].to"),
            org.assertj.core.groups.Tuple.tuple(Kind.MISSING, "$.connections[2].from"));
    assertThat(e.getMessage())
        .contains("did you mean 'test.set'?")
        .contains("registered versions are [1]")
        .contains("did you mean 'nodes'?")
        .contains("did you mean 'parameters'?");
  }

  @Test
  void should_default_the_version_to_the_latest_and_ports_to_main() {
    Workflow wf =
        WorkflowJson.read(
            """
        {"name": "w", "nodes": [{"id": "a", "type": "test.set", "parameters": {"field": "f", "value": 1}},
                                {"id": "b", "type": "test.set", "parameters": {"field": "f", "value": 2}}],
         "connections": [{"from": "a", "to": "b"}]}
        """,
            registry);
    assertThat(wf.node("a").orElseThrow().typeVersion()).isEqualTo(1);
    assertThat(wf.connections()).containsExactly(Connection.of("a", "b"));
  }

  @Test
  void should_reject_bad_policies_and_settings() {
    var e =
        catchThrowableOfType(
            WorkflowValidationException.class,
            () ->
                WorkflowJson.read(
                    """
        {"name": "w", "settings": {"nodeTimeout": "soon", "maxConcurrentExecutions": -2},
         "nodes": [{"id": "a", "type": "test.set", "parameters": {"field": "f", "value": 1},
                    "retry": {"maxAttempts": 0, "retryOn": ["java.lang.String", "no.such.Type"]},
                    "timeout": "PT0S", "continueOnFail": "yes"}]}
        """,
                    registry));
    assertThat(e.problems())
        .extracting(Problem::path)
        .contains(
            "$.settings.nodeTimeout",
            "$.settings",
            "$.nodes[0].retry.retryOn[0]",
            "$.nodes[0].retry.retryOn[1]",
            "$.nodes[0].retry",
            "$.nodes[0].timeout",
            "$.nodes[0].continueOnFail");
  }

  @Test
  void should_reject_non_objects_and_trailing_garbage() {
    for (String json :
        List.of("[]", "42", "null", "\"w\"", "{\"name\":\"w\",\"nodes\":[]} trailing", "")) {
      assertThatThrownBy(() -> WorkflowJson.read(json, registry))
          .as(json)
          .isInstanceOf(WorkflowValidationException.class);
    }
  }

  @Test
  void should_refuse_documents_nested_too_deeply() {
    for (int depth : new int[] {260, 300, 100_000}) {
      String json =
          "{\"name\":\"w\",\"nodes\":[{\"id\":\"a\",\"type\":\"test.set\",\"parameters\":{\"field\":\"f\","
              + "\"value\":"
              + "[".repeat(depth)
              + "]".repeat(depth)
              + "}}]}";
      var e =
          catchThrowableOfType(
              WorkflowValidationException.class, () -> WorkflowJson.read(json, registry));
      assertThat(e).as("depth %d", depth).isNotNull();
      assertThat(e.getMessage()).containsAnyOf("nested deeper than 256 levels", "nesting depth");
    }
  }

  @Test
  void should_load_retry_classes_without_initialising_them() {
    Workflow wf =
        WorkflowJson.read(
            """
        {"name": "w", "nodes": [{"id": "a", "type": "test.set", "parameters": {"field": "f", "value": 1},
          "retry": {"maxAttempts": 2, "retryOn": ["dev.tyboo.error.IOFailure"]}}]}
        """,
            registry);
    assertThat(wf.node("a").orElseThrow().policy().retry().retryOn())
        .containsExactly(IOFailure.class);
    assertThat(IOFailure.InitFlags.ioFailureInitialised).isFalse();
    assertThat(RetryPolicy.ofDefaults().retryOn()).containsExactly(RetryableNodeException.class);
  }
}

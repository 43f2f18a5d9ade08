package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.logic.Switch;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwitchTest {

  private final Engine engine =
      Engine.builder().discoverNodeTypes(SwitchTest.class.getClassLoader()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Execution run(Workflow workflow, List<Item> input) {
    Execution run = engine.start(workflow, input);
    run.await(Duration.ofSeconds(10));
    return run;
  }

  private static List<Object> ids(Execution run, String node, String port) {
    return run.nodeRun(node).outputs().getOrDefault(port, List.of()).stream()
        .map(i -> i.get("id"))
        .toList();
  }

  @Test
  void builder_round_trips_through_json_and_routes_to_every_matching_rule() {
    Workflow wf =
        Workflow.named("all")
            .node(
                "route",
                Switch.rules()
                    .rule("even", "{{ $json.id % 2 == 0 }}")
                    .rule("big", "{{ $json.id > 2 }}")
                    .allMatchingOutputs()
                    .fallbackTo("even")
                    .build())
            .node("evens", NoOp.node())
            .connect("route", "even", "evens")
            .build();
    assertThat(WorkflowJson.write(engine.readWorkflow(WorkflowJson.write(wf))))
        .isEqualTo(WorkflowJson.write(wf));

    Execution run =
        run(wf, Item.listOf(Map.of("id", 1), Map.of("id", 2), Map.of("id", 3), Map.of("id", 4)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    // 1 matches nothing and falls back to 'even'; 4 matches both rules
    assertThat(ids(run, "route", "even")).containsExactly(1, 2, 4);
    assertThat(ids(run, "route", "big")).containsExactly(3, 4);
  }

  @Test
  void unmatched_items_are_dropped_by_default_and_the_branch_behind_an_empty_output_is_skipped() {
    Workflow wf =
        Workflow.named("drop")
            .node("route", Switch.rules().rule("fr", "{{ $json.country == 'FR' }}").build())
            .node("french", NoOp.node())
            .connect("route", "fr", "french")
            .build();

    Execution run = run(wf, Item.listOf(Map.of("id", 1, "country", "IT")));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.nodeRun("route").outputs().values()).allSatisfy(l -> assertThat(l).isEmpty());
    assertThat(run.nodeRun("french").status().name()).isEqualTo("SKIPPED");
  }

  @Test
  void bad_rules_are_reported_at_build_with_their_paths() {
    String json =
        """
        {"name": "bad", "nodes": [{"id": "route", "type": "switch", "parameters": {
          "rules": [{"condition": "{{ true }}", "output": "a"}, {"output": "a"}, {"condition": true, "outptu": "b"}],
          "fallbackOutput": "c"}},
          {"id": "next", "type": "noOp"}],
         "connections": [{"from": "route", "output": "b", "to": "next"}]}
        """;
    assertThatThrownBy(() -> engine.readWorkflow(json))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.rules[1].condition")
        .hasMessageContaining("'a' is used by another rule")
        .hasMessageContaining("$.nodes[0].parameters.rules[2].outptu")
        .hasMessageContaining("$.nodes[0].parameters.fallbackOutput")
        .hasMessageContaining("has no output port 'b'");
    assertThatThrownBy(
            () ->
                engine.readWorkflow(
                    """
                    {"name": "bad", "nodes": [{"id": "route", "type": "switch",
                      "parameters": {"mode": "expression", "numberOutputs": 0}}]}
                    """))
        .hasMessageContaining("parameters.output")
        .hasMessageContaining("must be at least 1");
  }

  @Test
  void a_condition_or_output_that_is_not_usable_names_the_node_and_the_item() {
    Execution rules =
        run(
            Workflow.named("r")
                .node("route", Switch.rules().rule("a", "{{ $json.flag }}").build())
                .build(),
            Item.listOf(Map.of("flag", true), Map.of("flag", "yes")));
    assertThat(rules.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(rules.error().orElseThrow())
        .hasMessageContaining("Node 'route'")
        .hasMessageContaining("rules[0].condition")
        .hasMessageContaining("item 1");

    Execution expression =
        run(
            Workflow.named("e").node("route", Switch.expression(2, "{{ $json.n }}")).build(),
            Item.listOf(Map.of("n", 1), Map.of("n", 2)));
    assertThat(expression.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(expression.error().orElseThrow())
        .hasMessageContaining("must name one of the outputs [0, 1] for item 1, was Integer 2");
  }
}

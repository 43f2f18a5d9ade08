package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.Problem;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.data.Aggregate;
import dev.tyboo.nodes.data.EditFields;
import dev.tyboo.nodes.data.Limit;
import dev.tyboo.nodes.data.Merge;
import dev.tyboo.nodes.data.RemoveDuplicates;
import dev.tyboo.nodes.data.Sort;
import dev.tyboo.nodes.data.SplitOut;
import dev.tyboo.nodes.logic.Filter;
import dev.tyboo.nodes.logic.If;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.logic.StopAndError;
import dev.tyboo.nodes.util.Crypto;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The typed builders, and what bad parameters and bad data produce. */
class NodesTest {

  private final Engine engine =
      Engine.builder().discoverNodeTypes(NodesTest.class.getClassLoader()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Execution run(Workflow workflow, List<Item> input) {
    Execution run = engine.start(workflow, input);
    run.await(Duration.ofSeconds(10));
    return run;
  }

  private static List<Map<String, Object>> json(Execution run, String node, String port) {
    return run.nodeRuns().get(node).outputs().getOrDefault(port, List.of()).stream()
        .map(Item::json)
        .toList();
  }

  @Test
  void typed_builders_make_the_same_workflow_as_its_json() {
    Workflow workflow =
        Workflow.named("dsl")
            .node("shape", EditFields.builder().rename("cust", "name").set("n", 1).build())
            .node("paid", Filter.keep("{{ $json.paid }}"))
            .node("sorted", Sort.builder().descending("total").ascending("name").build())
            .node("unique", RemoveDuplicates.byFields("name"))
            .node("top", Limit.first(2))
            .node("isBig", If.condition("{{ $json.total > 100 }}"))
            .node("done", NoOp.node())
            .node("fail", StopAndError.withMessage("small order"))
            .connect("shape", "paid")
            .connect("paid", "sorted")
            .connect("sorted", "unique")
            .connect("unique", "top")
            .connect("top", "isBig")
            .connect("isBig", "true", "done")
            .connect("isBig", "false", "fail")
            .build();

    Workflow reread = engine.readWorkflow(WorkflowJson.write(workflow));
    assertThat(WorkflowJson.write(reread)).isEqualTo(WorkflowJson.write(workflow));
    Execution run =
        run(
            workflow,
            Item.listOf(
                Map.of("cust", "ana", "total", 250, "paid", true),
                Map.of("cust", "bo", "total", 900, "paid", false),
                Map.of("cust", "ana", "total", 120, "paid", true),
                Map.of("cust", "cy", "total", 150, "paid", true)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(run, "done", "main"))
        .extracting(j -> j.get("name"))
        .containsExactly("ana", "cy");
    assertThat(run.nodeRuns().get("fail").outputs()).isEmpty(); // never reached
  }

  @Test
  void parameter_errors_are_reported_at_build_with_their_paths() {
    String json =
        """
        {"name": "bad", "nodes": [
          {"id": "a", "type": "if", "parameters": {}},
          {"id": "b", "type": "limit", "parameters": {"maxItems": "many"}},
          {"id": "c", "type": "limit", "parameters": {"maxItems": 1, "keep": "middle"}},
          {"id": "d", "type": "sort", "parameters": {"fields": "total"}}
        ]}
        """;

    assertThatThrownBy(() -> engine.readWorkflow(json))
        .isInstanceOf(WorkflowValidationException.class)
        .satisfies(
            e ->
                assertThat(((WorkflowValidationException) e).problems())
                    .extracting(Problem::path)
                    .contains(
                        "$.nodes[0].parameters.condition",
                        "$.nodes[1].parameters.maxItems",
                        "$.nodes[2].parameters.keep",
                        "$.nodes[3].parameters.fields"));
    assertThatThrownBy(() -> Limit.first(-1)).hasMessageContaining("maxItems");
    assertThatThrownBy(() -> Sort.builder().build()).hasMessageContaining("at least one field");
  }

  @Test
  void data_errors_at_run_time_name_the_node_and_the_item() {
    Execution notBoolean =
        run(
            Workflow.named("w").node("check", If.condition("{{ $json.flag }}")).build(),
            Item.listOf(Map.of("flag", true), Map.of("flag", "yes")));

    assertThat(notBoolean.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(notBoolean.error().orElseThrow().getMessage())
        .contains("check")
        .contains("condition")
        .contains("item 1")
        .contains("yes");

    Execution badOrder =
        run(
            engine.readWorkflow(
                """
                {"name": "s", "nodes": [{"id": "s", "type": "sort",
                  "parameters": {"fields": [{"field": "a", "order": "up"}]}}]}
                """),
            Item.listOf(Map.of("a", 1), Map.of("a", 2)));
    assertThat(badOrder.error().orElseThrow().getMessage())
        .contains("'s'")
        .contains("fields[0].order")
        .contains("up");
  }

  @Test
  void merge_split_aggregate_and_crypto_builders_round_trip_and_report_bad_data() {
    Workflow workflow =
        Workflow.named("more")
            .node("a", NoOp.node())
            .node("b", NoOp.node())
            .node("join", Merge.byFields("id"))
            .node("split", SplitOut.fieldKeepingOthers("tags"))
            .node("gather", Aggregate.fields("tags"))
            .node("sign", Crypto.hmacSha256("tags of {{ $json.id }}", "k", "sig"))
            .node("id", Crypto.uuid("id"))
            .connect("a", "main", "join", Merge.INPUT1)
            .connect("b", "main", "join", Merge.INPUT2)
            .connect("join", "split")
            .connect("split", "gather")
            .connect("gather", "sign")
            .connect("sign", "id")
            .build();
    assertThat(WorkflowJson.write(engine.readWorkflow(WorkflowJson.write(workflow))))
        .isEqualTo(WorkflowJson.write(workflow));

    Execution run = run(workflow, Item.listOf(Map.of("id", 1, "tags", List.of("x", "y"))));
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(json(run, "id", "main"))
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.get("tags")).isEqualTo(List.of("x", "y"));
              assertThat((String) j.get("sig")).hasSize(64);
              assertThat((String) j.get("id")).hasSize(36);
            });

    Execution notAList =
        run(
            Workflow.named("s").node("split", SplitOut.field("tags")).build(),
            Item.listOf(Map.of("tags", List.of(1)), Map.of("tags", "x")));
    assertThat(notAList.error().orElseThrow().getMessage())
        .contains("'split'")
        .contains("item 1")
        .contains("not a list");
    assertThatThrownBy( // a conditional parameter: reported when the workflow is read
            () ->
                engine.readWorkflow(
                    """
                    {"name": "m", "nodes": [{"id": "m", "type": "merge",
                      "parameters": {"mode": "combineByFields"}}]}
                    """))
        .hasMessageContaining("$.nodes[0].parameters.matchFields")
        .hasMessageContaining("parameter 'matchFields' is required when mode is combineByFields");
    Execution noFields =
        run(
            engine.readWorkflow(
                """
                {"name": "m", "nodes": [{"id": "m", "type": "merge",
                  "parameters": {"mode": "combineByFields", "matchFields": []}}]}
                """),
            Item.listOf(Map.of("a", 1)));
    assertThat(noFields.error().orElseThrow().getMessage())
        .contains("parameter 'matchFields' must name at least one field, was array []");
    assertThatThrownBy(() -> Merge.byFields()).hasMessageContaining("at least one field");
  }

  @Test
  void the_catalogue_is_found_by_service_loader_and_names_every_type_once() {
    assertThat(CoreNodes.all())
        .extracting(t -> t.descriptor().type())
        .doesNotHaveDuplicates()
        .contains("if", "filter", "noOp", "stopAndError", "limit", "sort", "editFields");
    for (var type : CoreNodes.all()) {
      assertThat(engine.nodeTypes().find(type.descriptor().type(), 1)).isPresent();
    }
  }
}

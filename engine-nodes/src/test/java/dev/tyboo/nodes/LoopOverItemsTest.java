package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.data.EditFields;
import dev.tyboo.nodes.logic.If;
import dev.tyboo.nodes.logic.LoopOverItems;
import dev.tyboo.nodes.logic.StopAndError;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopOverItemsTest {

  private static Engine engine(boolean durable) {
    EngineBuilder b = Engine.builder().discoverNodeTypes(LoopOverItemsTest.class.getClassLoader());
    if (durable) {
      b.storage(Storage.inMemory(Clock.system()));
    }
    Engine e = b.build();
    e.deploy(
        Workflow.named("check-batch")
            .node("tooBig", If.condition("{{ $json.n > 8 }}"))
            .node("fail", StopAndError.withMessage("item {{ $json.n }} is too big"))
            .node("mark", EditFields.builder().set("checked", true).build())
            .connect("tooBig", "true", "fail")
            .connect("tooBig", "false", "mark")
            .build());
    return e;
  }

  private static List<Item> items(int n) {
    return IntStream.range(0, n).mapToObj(i -> Item.of(Map.of("n", i))).toList();
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void runs_the_body_per_batch_and_emits_every_result_in_order(boolean durable) {
    Workflow wf =
        Workflow.named("loop").node("batches", LoopOverItems.over("check-batch", 3)).build();
    try (Engine engine = engine(durable)) {
      assertThat(WorkflowJson.write(engine.readWorkflow(WorkflowJson.write(wf))))
          .isEqualTo(WorkflowJson.write(wf));

      Execution run = engine.start(wf, items(8));
      Execution empty = engine.start(wf, List.of());

      assertThat(run.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(run.output("batches"))
          .extracting(i -> i.get("n"))
          .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(run.output("batches"))
          .allSatisfy(i -> assertThat(i.get("checked")).isEqualTo(true));
      if (durable) {
        assertThat(engine.executions().children(run.id())).hasSize(3);
      }
      assertThat(empty.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(empty.output("batches")).isEmpty();
    }
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void a_body_written_inside_the_loop_runs_per_batch_and_round_trips_through_json(boolean durable) {
    Workflow wf =
        Workflow.named("inline")
            .node(
                "batches",
                LoopOverItems.batches(2)
                    .body(
                        body ->
                            body.node(
                                    "size",
                                    EditFields.builder()
                                        .set("batch", "{{ $input.all().size() }}")
                                        .build())
                                .node("mark", EditFields.builder().set("checked", true).build())
                                .connect("size", "mark")))
            .node("after", EditFields.builder().set("after", true).build())
            .connect("batches", "after")
            .build();
    try (Engine engine = engine(durable)) {
      Workflow reread = engine.readWorkflow(WorkflowJson.write(wf));
      assertThat(WorkflowJson.write(reread)).isEqualTo(WorkflowJson.write(wf));

      Execution run = engine.start(reread, items(5));

      assertThat(run.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(run.output("after"))
          .extracting(i -> i.get("n"), i -> i.get("batch"), i -> i.get("checked"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(0, 2, true),
              org.assertj.core.groups.Tuple.tuple(1, 2, true),
              org.assertj.core.groups.Tuple.tuple(2, 2, true),
              org.assertj.core.groups.Tuple.tuple(3, 2, true),
              org.assertj.core.groups.Tuple.tuple(4, 1, true));
      if (durable) {
        assertThat(engine.executions().children(run.id()))
            .hasSize(3)
            .allSatisfy(c -> assertThat(c.workflowName()).isEqualTo("inline#batches#body"));
      }
    }
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void a_failing_batch_fails_the_loop_with_its_error(boolean durable) {
    Workflow wf =
        Workflow.named("loop").node("batches", LoopOverItems.over("check-batch", 4)).build();
    try (Engine engine = engine(durable)) {
      Execution run = engine.start(wf, items(12)); // 9, 10, 11 are too big: the third batch fails

      assertThat(run.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow())
          .hasMessageContaining("sub-workflow 'check-batch'")
          .hasMessageContaining("item 9 is too big");
    }
  }

  @org.junit.jupiter.api.Test
  void bad_parameters_and_a_missing_body_are_named() {
    try (Engine engine = engine(false)) {
      assertThatThrownBy(
              () ->
                  engine.readWorkflow(
                      """
                      {"name": "bad", "nodes": [{"id": "b", "type": "loopOverItems",
                        "parameters": {"workflow": "check-batch", "batchSize": 0}}]}
                      """))
          .isInstanceOf(WorkflowValidationException.class)
          .hasMessageContaining("$.nodes[0].parameters.batchSize")
          .hasMessageContaining("must be at least 1");
      assertThatThrownBy(
              () ->
                  engine.readWorkflow(
                      """
                      {"name": "bad", "nodes": [{"id": "b", "type": "loopOverItems", "parameters": {
                        "body": {"nodes": [{"id": "x", "type": "editFeilds"}]}}}]}
                      """))
          .hasMessageContaining("$.nodes[0].parameters.body.nodes[0].type")
          .hasMessageContaining("editFields");
      assertThatThrownBy(
              () ->
                  engine.readWorkflow(
                      """
                      {"name": "bad", "nodes": [{"id": "b", "type": "loopOverItems", "parameters": {}}]}
                      """))
          .hasMessageContaining("$.nodes[0].parameters.body")
          .hasMessageContaining("or workflow");
      assertThatThrownBy(() -> LoopOverItems.over("x", 0))
          .isInstanceOf(IllegalArgumentException.class);

      Execution missing =
          engine.start(
              Workflow.named("loop").node("batches", LoopOverItems.over("no-such-body", 2)).build(),
              items(3));
      assertThat(missing.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.FAILED);
      assertThat(missing.error().orElseThrow()).hasMessageContaining("no-such-body");
    }
  }
}

package dev.tyboo.engine;

import static dev.tyboo.testing.Passthrough.concat;
import static dev.tyboo.testing.Passthrough.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.EngineClosedException;
import dev.tyboo.error.ExpressionException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.InlineNode;
import dev.tyboo.workflow.NodePolicy;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineSemanticsTest {

  private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
  private final Engine engine =
      Engine.builder().listener(events::add).variables(Map.of("limit", 100)).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static InlineNode tag(String field, Object value) {
    return InlineNode.of(
        ctx -> NodeResult.of(ctx.input().stream().map(i -> i.with(field, value)).toList()));
  }

  @Test
  void should_run_a_diamond_and_join_both_branches() {
    Workflow wf =
        Workflow.named("diamond")
            .node("start", identity())
            .node("left", tag("left", true))
            .node("right", tag("right", true))
            .node("join", concat("a", "b"))
            .connect("start", "left")
            .connect("start", "right")
            .connect("left", "main", "join", "a")
            .connect("right", "main", "join", "b")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of("id", 1)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("join"))
        .extracting(Item::json)
        .containsExactly(Map.of("id", 1, "left", true), Map.of("id", 1, "right", true));
    assertThat(run.nodeRuns().values())
        .allSatisfy(n -> assertThat(n.status()).isEqualTo(NodeRunStatus.SUCCEEDED));
  }

  @Test
  void should_skip_branches_not_taken_and_merge_what_arrives() {
    Workflow wf =
        Workflow.named("branch")
            .node("start", identity())
            .node("route", TestNodes.route("{{ $json.total > $vars.limit }}"))
            .node("big", tag("size", "big"))
            .node("small", tag("size", "small"))
            .node("afterSmall", tag("seen", true))
            .node("merge", concat("a", "b"))
            .connect("start", "route")
            .connect("route", "true", "big")
            .connect("route", "false", "small")
            .connect("small", "afterSmall")
            .connect("big", "main", "merge", "a")
            .connect("afterSmall", "main", "merge", "b")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of("total", 150), Map.of("total", 300)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.nodeRun("small").status()).isEqualTo(NodeRunStatus.SKIPPED);
    assertThat(run.nodeRun("afterSmall").status()).isEqualTo(NodeRunStatus.SKIPPED);
    assertThat(run.nodeRun("merge").status()).isEqualTo(NodeRunStatus.SUCCEEDED);
    assertThat(run.output("merge")).extracting(i -> i.get("size")).containsExactly("big", "big");
    assertThat(events)
        .filteredOn(e -> e instanceof ExecutionEvent.NodeSkipped)
        .extracting(e -> ((ExecutionEvent.NodeSkipped) e).nodeId())
        .containsExactlyInAnyOrder("small", "afterSmall");
  }

  @Test
  void should_skip_a_merge_when_every_input_is_skipped() {
    Workflow wf =
        Workflow.named("none")
            .node("route", TestNodes.route(false))
            .node("a", identity())
            .node("b", identity())
            .node("merge", InlineNode.of(ctx -> NodeResult.of(ctx.input("x"))).inputs("x", "y"))
            .connect("route", "true", "a")
            .connect("route", "true", "b")
            .connect("a", "main", "merge", "x")
            .connect("b", "main", "merge", "y")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of()));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(List.of("a", "b", "merge"))
        .allSatisfy(id -> assertThat(run.nodeRun(id).status()).isEqualTo(NodeRunStatus.SKIPPED));
  }

  @Test
  void should_wait_for_every_active_input_before_running_a_merge() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Workflow wf =
        Workflow.named("wait")
            .node("start", identity())
            .node(
                "slow",
                ctx -> {
                  Thread.sleep(150);
                  order.add("slow");
                  return NodeResult.of(ctx.input());
                })
            .node(
                "fast",
                ctx -> {
                  order.add("fast");
                  return NodeResult.of(ctx.input());
                })
            .node(
                "merge",
                InlineNode.of(
                        ctx -> {
                          order.add("merge:" + ctx.input("a").size() + "+" + ctx.input("b").size());
                          return NodeResult.of(ctx.input("a"));
                        })
                    .inputs("a", "b"))
            .connect("start", "slow")
            .connect("start", "fast")
            .connect("slow", "main", "merge", "a")
            .connect("fast", "main", "merge", "b")
            .build();

    Execution run = engine.start(wf, Item.listOf(Map.of("k", 1)));

    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(order).containsExactly("fast", "slow", "merge:1+1");
  }

  @Test
  void should_resolve_expressions_per_item_against_json_vars_nodes_and_execution() {
    Workflow wf =
        Workflow.named("exprs")
            .node("start", identity())
            .node(
                "label",
                TestNodes.set(
                    "label", "#{{ $itemIndex }} {{ $json.name }} of {{ $input.count() }}"))
            .node("total", TestNodes.set("double", "{{ $json.n * 2 }}"))
            .node(
                "refs",
                TestNodes.set(
                    "ref", "{{ $node('start').json.name + '/' + $node.label.json.label }}"))
            .node(
                "meta",
                TestNodes.set(
                    "meta",
                    "{{ $execution.id.length() > 0 && $workflow.name == 'exprs' && $vars.limit == 100 }}"))
            .connect("start", "label")
            .connect("label", "total")
            .connect("total", "refs")
            .connect("refs", "meta")
            .build();

    Execution run =
        engine.run(wf, Item.listOf(Map.of("name", "a", "n", 1), Map.of("name", "b", "n", 2)));

    assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<Item> out = run.output("meta");
    assertThat(out).extracting(i -> i.get("label")).containsExactly("#0 a of 2", "#1 b of 2");
    assertThat(out).extracting(i -> i.get("double")).containsExactly(2, 4);
    assertThat(out).extracting(i -> i.get("ref")).containsExactly("a/#0 a of 2", "b/#1 b of 2");
    assertThat(out).extracting(i -> i.get("meta")).containsExactly(true, true);
  }

  @Test
  void should_name_node_parameter_and_item_when_an_expression_fails() {
    Workflow wf =
        Workflow.named("bad")
            .node("start", identity())
            .node("set", TestNodes.set("x", "{{ $json.address.city }}"))
            .connect("start", "set")
            .build();

    Execution run =
        engine.run(
            wf,
            Item.listOf(Map.of("address", Map.of("city", "Oslo")), Map.of("name", "no address")));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error())
        .get()
        .isInstanceOf(ExpressionException.class)
        .satisfies(
            e -> {
              assertThat(e.nodeId()).isEqualTo("set");
              assertThat(e.itemIndex()).isEqualTo(1);
              assertThat(((ExpressionException) e).parameter()).isEqualTo("value");
              assertThat(e.getMessage())
                  .contains("Node 'set' failed")
                  .contains("item 1")
                  .contains("parameter 'value'")
                  .contains("$json.address.city");
            });
  }

  @Test
  void should_type_check_expression_results_per_item() {
    Workflow wf =
        Workflow.named("types")
            .node("start", identity())
            .node("src", TestNodes.route("{{ $json.flag }}"))
            .connect("start", "src")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of("flag", true), Map.of("flag", "yes")));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error())
        .get()
        .satisfies(
            e -> {
              assertThat(e.itemIndex()).isEqualTo(1);
              assertThat(e.getMessage())
                  .contains("parameter 'condition' must be of type boolean")
                  .contains("string 'yes'");
            });
  }

  @Test
  void should_fail_the_execution_and_not_start_successors() {
    Workflow wf =
        Workflow.named("fails")
            .node("start", identity())
            .node(
                "boom",
                ctx -> {
                  throw new IllegalStateException("bad state");
                })
            .node("after", identity())
            .connect("start", "boom")
            .connect("boom", "after")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of()));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error())
        .get()
        .isInstanceOf(NonRetryableNodeException.class)
        .satisfies(
            e -> {
              assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
              assertThat(e.attempt()).isEqualTo(1);
              assertThat(e.executionId()).isEqualTo(run.id().value());
            });
    assertThat(run.nodeRun("boom").status()).isEqualTo(NodeRunStatus.FAILED);
    assertThat(run.nodeRun("after").status()).isEqualTo(NodeRunStatus.PENDING);
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            ExecutionEvent.ExecutionFinished.class,
            f -> assertThat(f.status()).isEqualTo(ExecutionStatus.FAILED));
  }

  @Test
  void should_continue_on_fail_with_the_error_as_an_item() {
    Workflow wf =
        Workflow.named("continue")
            .node("start", identity())
            .node(
                "boom",
                ctx -> {
                  throw new NonRetryableNodeException("card declined", 0, null);
                },
                n -> n.continueOnFail())
            .node("ok", tag("ok", true))
            .node("handler", tag("handled", true))
            .connect("start", "boom")
            .connect("boom", "ok")
            .connect("boom", "error", "handler")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of()));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.nodeRun("boom").status()).isEqualTo(NodeRunStatus.FAILED);
    assertThat(run.nodeRun("ok").status()).isEqualTo(NodeRunStatus.SKIPPED);
    Item handled = run.output("handler").get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) handled.get("error");
    assertThat(error)
        .containsEntry("message", "card declined")
        .containsEntry("node", "boom")
        .containsEntry("type", "NonRetryableNodeException")
        .containsEntry("itemIndex", 0);
  }

  @Test
  void should_fail_a_node_that_returns_null_or_emits_on_an_unknown_port() {
    Execution nullResult =
        engine.run(Workflow.named("null").node("n", ctx -> null).build(), List.of());
    assertThat(nullResult.error())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("returned null");

    Execution badPort =
        engine.run(
            Workflow.named("port").node("n", ctx -> NodeResult.of("nope", ctx.input())).build(),
            List.of());
    assertThat(badPort.error())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("port 'nope'");
  }

  @Test
  void should_validate_workflows_built_without_the_dsl_before_running_them() {
    NodeSpec a =
        new NodeSpec(
            "a", InlineNode.of(identity()).nodeType(), Map.of(), Map.of(), NodePolicy.defaults());
    Workflow cyclic =
        new Workflow(
            "raw", "", List.of(a), List.of(Connection.of("a", "a")), WorkflowSettings.defaults());
    assertThatThrownBy(() -> engine.start(cyclic, List.of()))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("cycle");
    assertThat(engine.activeExecutions()).isZero();
  }

  @Test
  void should_give_every_attempt_the_same_idempotency_key_and_a_logger() {
    List<String> keys = new CopyOnWriteArrayList<>();
    Workflow wf =
        Workflow.named("keys")
            .node(
                "n",
                ctx -> {
                  keys.add(ctx.idempotencyKey());
                  ctx.log().debug("running attempt {}", ctx.attempt());
                  if (ctx.attempt() < 3) {
                    throw new java.io.IOException("flaky");
                  }
                  return NodeResult.of(ctx.input());
                },
                n ->
                    n.retry(
                        dev.tyboo.workflow.RetryPolicy.builder()
                            .maxAttempts(3)
                            .fixedDelay(Duration.ZERO)
                            .build()))
            .build();

    Execution run = engine.run(wf, List.of());

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(keys).hasSize(3).containsOnly(run.id().value() + "/n/0");
    assertThat(run.nodeRun("n").attempts()).isEqualTo(3);
  }

  @Test
  void should_publish_events_in_order_for_a_linear_workflow() {
    Workflow wf =
        Workflow.named("events")
            .node("a", identity())
            .node("b", identity())
            .connect("a", "b")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of("x", 1)));

    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "ExecutionStarted",
            "NodeStarted",
            "NodeFinished",
            "NodeStarted",
            "NodeFinished",
            "ExecutionFinished");
    assertThat(events).allSatisfy(e -> assertThat(e.executionId()).isEqualTo(run.id()));
    assertThat(events.get(2))
        .isInstanceOfSatisfying(
            ExecutionEvent.NodeFinished.class,
            f -> assertThat(f.itemCounts()).containsEntry("main", 1));
  }

  @Test
  void should_record_timings_only_when_asked() {
    Workflow wf = Workflow.named("t").node("a", identity()).build();
    assertThat(engine.run(wf, List.of()).nodeRun("a").duration()).isPresent();
    try (Engine lean = Engine.builder().recordNodeRuns(false).build()) {
      Execution run = lean.run(wf, List.of());
      assertThat(run.nodeRun("a").status()).isEqualTo(NodeRunStatus.SUCCEEDED);
      assertThat(run.nodeRun("a").duration()).isEmpty();
    }
  }

  @Test
  void should_run_an_empty_workflow_and_reject_bad_arguments() {
    assertThat(engine.run(Workflow.named("empty").build(), List.of()).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThatThrownBy(() -> engine.start(null, List.of())).hasMessage("workflow");
    assertThatThrownBy(() -> engine.start(Workflow.named("x").build(), (List<Item>) null))
        .hasMessage("items");
    Execution run = engine.run(Workflow.named("x").node("a", identity()).build(), List.of());
    assertThatThrownBy(() -> run.nodeRun("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(
            () ->
                Engine.builder()
                    .clock(dev.tyboo.spi.time.Clock.system())
                    .clock(dev.tyboo.spi.time.Clock.system()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clock was already set");
  }

  @Test
  void should_keep_running_when_a_listener_throws() {
    try (Engine noisy =
        Engine.builder()
            .listener(
                e -> {
                  throw new IllegalStateException("listener bug");
                })
            .listener(events::add)
            .build()) {
      Execution run = noisy.run(Workflow.named("l").node("a", identity()).build(), List.of());
      assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(events).hasSize(4); // the second listener still saw every event
    }
  }

  @Test
  void should_read_json_workflows_with_its_registry_and_run_them() {
    try (Engine withTypes = Engine.builder().nodeTypes(TestNodes.registry()).build()) {
      Workflow wf =
          withTypes.readWorkflow(
              """
              {"name": "json", "nodes": [
                {"id": "src", "type": "test.source", "parameters": {"count": 3}},
                {"id": "set", "type": "test.set", "parameters": {"field": "double", "value": "{{ $json.n * 2 }}"}}
              ], "connections": [{"from": "src", "to": "set"}]}
              """);
      withTypes.validate(wf);
      Execution run = withTypes.run(wf, List.of());
      assertThat(run.output("set")).extracting(i -> i.get("double")).containsExactly(0, 2, 4);
      assertThatThrownBy(
              () ->
                  withTypes.readWorkflow(
                      "{\"name\": \"x\", \"nodes\": [{\"id\": \"a\", \"type\": \"test.sett\"}]}"))
          .isInstanceOf(WorkflowValidationException.class)
          .hasMessageContaining("did you mean 'test.set'?");
    }
  }

  @Test
  void should_leave_the_callers_own_interrupt_flag_alone() {
    Workflow wf = Workflow.named("flag").node("a", identity()).build();
    Thread.currentThread().interrupt();
    try {
      assertThat(engine.run(wf, List.of()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void should_refuse_new_executions_after_shutdown() {
    engine.close();
    assertThat(engine.isShutdown()).isTrue();
    assertThatThrownBy(() -> engine.start(Workflow.named("late").build(), List.of()))
        .isInstanceOf(EngineClosedException.class)
        .hasMessageContaining("'late'");
  }
}

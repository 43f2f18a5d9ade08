package dev.tyboo.engine;

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
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.testing.Eventually;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.NodeDefinition;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an engine does with a workflow, whatever keeps its executions: every engine kind's test
 * extends this class and hands it a builder of a fresh engine of that kind (in memory, durable on
 * {@code Storage.inMemory}, durable on a database). The nodes are registered node types, so that
 * durable engines can store the workflows; where kinds differ on purpose, engine-core/README.md
 * says so in its table of differences.
 */
public abstract class EngineSemanticsContract {

  /**
   * {@return a builder of a fresh engine of the kind under test, with nothing else set}; each call
   * gives an engine of its own (its own storage)
   */
  protected abstract EngineBuilder newEngine();

  private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> order = Collections.synchronizedList(new ArrayList<>());
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private Engine engine;

  private static NodeType type(String name, NodeFunction function, String... inputs) {
    NodeDescriptor.Builder d = NodeDescriptor.builder(name);
    if (inputs.length > 0) {
      d.inputs(inputs);
    }
    return NodeType.of(d.build(), function);
  }

  private static NodeType concatType(String name, String... ports) {
    return type(
        name,
        ctx -> {
          List<Item> all = new ArrayList<>();
          for (String port : ports) {
            all.addAll(ctx.input(port));
          }
          return NodeResult.of(all);
        },
        ports);
  }

  private static final NodeType PASS = type("test.pass", ctx -> NodeResult.of(ctx.input()));
  private static final NodeType CONCAT = concatType("test.concat", "a", "b");
  private static final NodeType FIRST_OF_XY =
      type("test.firstOfXy", ctx -> NodeResult.of(ctx.input("x")), "x", "y");
  private static final NodeType BOOM =
      type(
          "test.boom",
          ctx -> {
            throw new IllegalStateException("bad state");
          });
  private static final NodeType DECLINE =
      type(
          "test.decline",
          ctx -> {
            throw new NonRetryableNodeException("card declined", 0, null);
          });
  private static final NodeType RETURNS_NULL = type("test.returnsNull", ctx -> null);
  private static final NodeType UNKNOWN_PORT =
      type("test.unknownPort", ctx -> NodeResult.of("nope", ctx.input()));

  private final NodeType slow =
      type(
          "test.slow",
          ctx -> {
            Thread.sleep(150);
            order.add("slow");
            return NodeResult.of(ctx.input());
          });
  private final NodeType fast =
      type(
          "test.fast",
          ctx -> {
            order.add("fast");
            return NodeResult.of(ctx.input());
          });
  private final NodeType orderedMerge =
      type(
          "test.orderedMerge",
          ctx -> {
            order.add("merge:" + ctx.input("a").size() + "+" + ctx.input("b").size());
            return NodeResult.of(ctx.input("a"));
          },
          "a",
          "b");
  private final NodeType flaky =
      type(
          "test.flaky",
          ctx -> {
            keys.add(ctx.idempotencyKey());
            ctx.log().debug("running attempt {}", ctx.attempt());
            if (ctx.attempt() < 3) {
              throw new java.io.IOException("flaky");
            }
            return NodeResult.of(ctx.input());
          });

  private final CountDownLatch blockEntered = new CountDownLatch(1);
  private final CountDownLatch blockRelease = new CountDownLatch(1);
  private final NodeType block =
      type(
          "test.block",
          ctx -> {
            blockEntered.countDown();
            if (!blockRelease.await(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("never released");
            }
            return NodeResult.of(ctx.input());
          });

  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger mostConcurrent = new AtomicInteger();
  private final NodeType crowded =
      type(
          "test.crowded",
          ctx -> {
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
              Thread.sleep(60);
            } finally {
              concurrent.decrementAndGet();
            }
            return NodeResult.of(ctx.input());
          });
  private final List<Item> alerts = new CopyOnWriteArrayList<>();
  private final List<Thread> alertThreads = new CopyOnWriteArrayList<>();
  private final NodeType alert =
      type(
          "test.alert",
          ctx -> {
            alerts.addAll(ctx.input());
            alertThreads.add(Thread.currentThread());
            return NodeResult.of(ctx.input());
          });

  /** {@return a builder of the kind under test with every node type of these tests} */
  private EngineBuilder withTypes() {
    EngineBuilder b = newEngine().nodeTypes(TestNodes.registry());
    for (NodeType t :
        List.of(
            PASS,
            CONCAT,
            FIRST_OF_XY,
            BOOM,
            DECLINE,
            RETURNS_NULL,
            UNKNOWN_PORT,
            slow,
            fast,
            orderedMerge,
            flaky,
            block,
            crowded,
            alert)) {
      b.nodeType(t);
    }
    return b;
  }

  @BeforeEach
  void buildEngine() {
    engine = withTypes().listener(events::add).variables(Map.of("limit", 100)).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private static NodeDefinition identity() {
    return NodeDefinition.of(PASS, Map.of());
  }

  private static NodeDefinition concat() {
    return NodeDefinition.of(CONCAT, Map.of());
  }

  private static NodeDefinition tag(String field, Object value) {
    return TestNodes.set(field, value);
  }

  private static NodeDefinition node(NodeType type) {
    return NodeDefinition.of(type, Map.of());
  }

  @Test
  void should_run_a_diamond_and_join_both_branches() {
    Workflow wf =
        Workflow.named("diamond")
            .node("start", identity())
            .node("left", tag("left", true))
            .node("right", tag("right", true))
            .node("join", concat())
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
            .node("merge", concat())
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
  void should_answer_output_with_the_first_declared_port_even_when_it_is_empty() {
    Workflow wf =
        Workflow.named("allFalse")
            .node("route", TestNodes.route(false))
            .node("yes", identity())
            .node("no", identity())
            .connect("route", "true", "yes")
            .connect("route", "false", "no")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of("n", 1)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("route")).as("the 'true' port, declared first").isEmpty();
    assertThat(run.nodeRun("route").outputs().get("false"))
        .extracting(Item::json)
        .containsExactly(Map.of("n", 1));
    assertThat(run.nodeRun("yes").status()).isEqualTo(NodeRunStatus.SKIPPED);
  }

  @Test
  void should_show_skipped_and_running_nodes_while_the_execution_runs() throws Exception {
    Workflow wf =
        Workflow.named("running")
            .node("route", TestNodes.route(false))
            .node("yes", identity())
            .node("afterYes", identity())
            .node("no", node(block))
            .connect("route", "true", "yes")
            .connect("yes", "afterYes")
            .connect("route", "false", "no")
            .build();

    Execution run = engine.start(wf, Item.listOf(Map.of("n", 1)));
    assertThat(blockEntered.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      assertThat(run.nodeRun("yes").status()).isEqualTo(NodeRunStatus.SKIPPED);
      assertThat(run.nodeRun("afterYes").status()).isEqualTo(NodeRunStatus.SKIPPED);
      assertThat(run.nodeRun("no").status()).isEqualTo(NodeRunStatus.RUNNING);
      assertThat(run.nodeRun("no").attempts()).isEqualTo(1);
      assertThat(run.nodeRuns().get("yes").status()).isEqualTo(NodeRunStatus.SKIPPED);
    } finally {
      blockRelease.countDown();
    }
    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void should_show_skipped_nodes_of_a_failed_execution() {
    Workflow wf =
        Workflow.named("failedBranch")
            .node("route", TestNodes.route(false))
            .node("yes", identity())
            .node("no", node(BOOM))
            .node("afterNo", identity())
            .connect("route", "true", "yes")
            .connect("route", "false", "no")
            .connect("no", "afterNo")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of("n", 1)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.nodeRun("yes").status()).isEqualTo(NodeRunStatus.SKIPPED);
    assertThat(run.nodeRun("no").status()).isEqualTo(NodeRunStatus.FAILED);
    assertThat(run.nodeRun("afterNo").status()).isEqualTo(NodeRunStatus.PENDING);
  }

  @Test
  void should_run_at_most_max_concurrent_executions_of_a_workflow_at_once() {
    Workflow wf =
        Workflow.named("oneAtATime").maxConcurrentExecutions(1).node("n", node(crowded)).build();
    List<Execution> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(engine.start(wf, Item.listOf(Map.of("i", i))));
    }
    for (Execution run : runs) {
      assertThat(run.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
    assertThat(mostConcurrent).as("executions of the workflow running at once").hasValue(1);
  }

  @Test
  void should_start_the_error_workflow_when_an_execution_fails() {
    engine.deploy(Workflow.named("alerts").node("alert", node(alert)).build());
    Workflow wf =
        Workflow.named("fragile")
            .errorWorkflow("alerts")
            .node("start", identity())
            .node("boom", node(BOOM))
            .connect("start", "boom")
            .build();

    Execution run = engine.run(wf, Item.listOf(Map.of()));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    Eventually.await(Duration.ofSeconds(10), () -> !alerts.isEmpty(), "the error workflow runs");
    Map<String, Object> detail = alerts.get(0).json();
    assertThat(detail)
        .containsEntry("execution", run.id().value())
        .containsEntry("workflow", "fragile")
        .containsEntry("node", "boom");
    assertThat(String.valueOf(detail.get("error"))).contains("bad state");
  }

  @Test
  void should_skip_a_merge_when_every_input_is_skipped() {
    Workflow wf =
        Workflow.named("none")
            .node("route", TestNodes.route(false))
            .node("a", identity())
            .node("b", identity())
            .node("merge", node(FIRST_OF_XY))
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
    Workflow wf =
        Workflow.named("wait")
            .node("start", identity())
            .node("slow", node(slow))
            .node("fast", node(fast))
            .node("merge", node(orderedMerge))
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
            .node("boom", node(BOOM))
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
              // durable engines keep the cause's class name and message, not the object
              assertThat(e.getCause()).hasToString("java.lang.IllegalStateException: bad state");
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
            .node("boom", node(DECLINE), n -> n.continueOnFail())
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
        engine.run(Workflow.named("null").node("n", node(RETURNS_NULL)).build(), List.of());
    assertThat(nullResult.error())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("returned null");

    Execution badPort =
        engine.run(Workflow.named("port").node("n", node(UNKNOWN_PORT)).build(), List.of());
    assertThat(badPort.error())
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("port 'nope'");
  }

  @Test
  void should_validate_workflows_built_without_the_dsl_before_running_them() {
    NodeSpec a = new NodeSpec("a", PASS, Map.of(), Map.of(), NodePolicy.defaults());
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
    Workflow wf =
        Workflow.named("keys")
            .node(
                "n",
                node(flaky),
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
    try (Engine lean = withTypes().recordNodeRuns(false).build()) {
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
                newEngine()
                    .clock(dev.tyboo.spi.time.Clock.system())
                    .clock(dev.tyboo.spi.time.Clock.system()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clock was already set");
  }

  @Test
  void should_keep_running_when_a_listener_throws() {
    try (Engine noisy =
        withTypes()
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
    try (Engine withTypes = withTypes().build()) {
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

  @Test
  void a_start_with_a_deduplication_key_seen_before_returns_the_first_execution() {
    Workflow w = Workflow.named("dedupe").node("a", NodeDefinition.of(alert, Map.of())).build();
    Workflow other =
        Workflow.named("dedupe-other").node("a", NodeDefinition.of(alert, Map.of())).build();

    Execution first =
        engine.start(w, List.of(Item.of(Map.of("n", 1))), StartOptions.deduplicatedBy("m-1"));
    Execution again =
        engine.start(w, List.of(Item.of(Map.of("n", 2))), StartOptions.deduplicatedBy("m-1"));
    Execution second =
        engine.start(w, List.of(Item.of(Map.of("n", 3))), StartOptions.deduplicatedBy("m-2"));
    Execution elsewhere =
        engine.start(other, List.of(Item.of(Map.of("n", 4))), StartOptions.deduplicatedBy("m-1"));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(elsewhere.id()).as("keys are per workflow").isNotEqualTo(first.id());
    for (Execution e : List.of(first, again, second, elsewhere)) {
      assertThat(e.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
    assertThat(alerts).extracting(i -> i.json().get("n")).containsExactlyInAnyOrder(1, 3, 4);
  }

  @Test
  void a_start_on_the_calling_thread_runs_the_same_and_keeps_its_deduplication_key() {
    Workflow w =
        Workflow.named("dedupe-here").node("a", NodeDefinition.of(alert, Map.of())).build();
    StartOptions here = StartOptions.deduplicatedBy("m-1").runOnCallingThread();

    Execution first = engine.start(w, List.of(Item.of(Map.of("n", 1))), here);
    Execution again = engine.start(w, List.of(Item.of(Map.of("n", 2))), here);
    Execution unkeyed =
        engine.start(w, List.of(Item.of(Map.of("n", 3))), StartOptions.none().runOnCallingThread());
    boolean endedBeforeStartReturned = unkeyed.completion().isDone();

    assertThat(here.onCallingThread()).isTrue();
    assertThat(here.withDeduplicationKey("m-2").onCallingThread()).isTrue();
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(first.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(unkeyed.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(first.output("a")).extracting(i -> i.json().get("n")).containsExactly(1);
    assertThat(alerts).extracting(i -> i.json().get("n")).containsExactlyInAnyOrder(1, 3);
    if (!engine.isDurable()) {
      // in memory the caller ran the unkeyed one: it had ended when start returned; the keyed one
      // ran on the engine's threads (its key is claimed first)
      assertThat(endedBeforeStartReturned).isTrue();
      assertThat(alertThreads).contains(Thread.currentThread()).hasSize(2);
    }
  }

  @Test
  void concurrent_starts_with_one_deduplication_key_start_one_execution() throws Exception {
    Workflow w =
        Workflow.named("dedupe-burst").node("a", NodeDefinition.of(alert, Map.of())).build();
    engine.deploy(w);
    List<Execution> started = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int n = t;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    started.add(
                        engine.startDeployed(
                            "dedupe-burst",
                            List.of(Item.of(Map.of("n", n))),
                            StartOptions.deduplicatedBy("redelivered")));
                  }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertThat(started).hasSize(8);
    assertThat(started.stream().map(Execution::id).distinct()).hasSize(1);
    assertThat(started.getFirst().await(Duration.ofSeconds(10)))
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    Eventually.await(Duration.ofSeconds(2), () -> !alerts.isEmpty(), "the execution ran");
    Thread.sleep(100);
    assertThat(alerts).as("ran once").hasSize(1);
  }

  @Test
  void a_deduplication_key_is_bounded() {
    assertThatThrownBy(() -> StartOptions.deduplicatedBy(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deduplicationKey");
    assertThatThrownBy(
            () -> StartOptions.deduplicatedBy("k".repeat(StartOptions.MAX_KEY_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A node that runs a sub-workflow once per batch, in memory and on durable storage. */
class SubWorkflowPerBatchTest {

  private static final Duration AWAIT = Duration.ofSeconds(20);

  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final List<Object> batchStarts = new CopyOnWriteArrayList<>();

  /** {@return the node's input in batches of its {@code size} parameter} */
  private static List<List<Item>> batches(NodeContext ctx) {
    int size = ctx.parameter("size", 0, Number.class).intValue();
    List<Item> in = ctx.input();
    List<List<Item>> batches = new ArrayList<>();
    for (int i = 0; i < in.size(); i += size) {
      batches.add(in.subList(i, Math.min(in.size(), i + size)));
    }
    return batches;
  }

  /** {@code test.perBatch}: runs workflow {@code body} over batches of {@code size} items. */
  private final NodeType perBatch =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.perBatch")
                .property(PropertySpec.integer("size").required())
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          ctx.flow().startSubWorkflowPerBatch("body", batches(ctx));
          return NodeResult.waitForResume(null, List.of());
        }
      };

  /** {@code test.loopInline}: like {@code test.perBatch}, over the workflow in parameter body. */
  private final NodeType loopInline =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.loopInline")
                .property(PropertySpec.integer("size").required())
                .property(PropertySpec.workflow("body").required())
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          ctx.flow().startSubWorkflowPerBatch(ctx.flow().embeddedWorkflow("body"), batches(ctx));
          return NodeResult.waitForResume(null, List.of());
        }
      };

  /** {@code test.body}: marks items seen, one batch at a time is checked; fails on {@code fail}. */
  private final NodeType body =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.body").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) throws InterruptedException {
          maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
          try {
            batchStarts.add(ctx.input().get(0).get("n"));
            Thread.sleep(15);
            if (ctx.input().stream().anyMatch(i -> Boolean.TRUE.equals(i.get("fail")))) {
              throw new NonRetryableNodeException("bad item in this batch");
            }
            return NodeResult.of(ctx.input().stream().map(i -> i.with("seen", true)).toList());
          } finally {
            active.decrementAndGet();
          }
        }
      };

  private Engine engine(boolean durable) {
    EngineBuilder b = Engine.builder().nodeType(perBatch).nodeType(body).nodeType(loopInline);
    if (durable) {
      b.storage(Storage.inMemory(Clock.system()))
          .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(5)).build());
    }
    Engine e = b.build();
    e.deploy(Workflow.named("body").node("work", NodeDefinition.of(body, Map.of())).build());
    return e;
  }

  private Workflow loopWorkflow(int size) {
    return Workflow.named("loop")
        .node("batches", NodeDefinition.of(perBatch, Map.of("size", size)))
        .build();
  }

  private static List<Item> items(int n) {
    return IntStream.range(0, n).mapToObj(i -> Item.of(Map.of("n", i))).toList();
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void batches_run_one_after_another_and_the_results_come_back_in_order(boolean durable) {
    try (Engine engine = engine(durable)) {
      Execution run = engine.start(loopWorkflow(3), items(7));

      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(run.output("batches"))
          .extracting(i -> i.get("n"), i -> i.get("seen"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(0, true),
              org.assertj.core.groups.Tuple.tuple(1, true),
              org.assertj.core.groups.Tuple.tuple(2, true),
              org.assertj.core.groups.Tuple.tuple(3, true),
              org.assertj.core.groups.Tuple.tuple(4, true),
              org.assertj.core.groups.Tuple.tuple(5, true),
              org.assertj.core.groups.Tuple.tuple(6, true));
      assertThat(batchStarts).containsExactly(0, 3, 6);
      assertThat(maxActive).hasValue(1);
      if (durable) {
        List<ExecutionRecord> children = engine.executions().children(run.id());
        assertThat(children)
            .hasSize(3)
            .allSatisfy(c -> assertThat(c.parentNodeId()).isEqualTo("batches"));
      }
    }
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void a_failing_batch_fails_the_node_and_the_later_batches_do_not_run(boolean durable) {
    List<Item> input = new ArrayList<>(items(6));
    input.set(3, Item.of(Map.of("n", 3, "fail", true)));
    try (Engine engine = engine(durable)) {
      Execution run = engine.start(loopWorkflow(2), input);

      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow()).hasMessageContaining("bad item in this batch");
      assertThat(batchStarts).containsExactly(0, 2);
    }
  }

  @org.junit.jupiter.api.Test
  void no_batch_runs_twice_when_a_child_ends_while_its_parent_records_the_wait() {
    // a first child that ends at once races the parent's wait checkpoint: both go on to the next
    // batch, and only one may start it
    NodeType fast =
        new NodeType() {
          private final NodeDescriptor descriptor = NodeDescriptor.builder("test.body").build();

          @Override
          public NodeDescriptor descriptor() {
            return descriptor;
          }

          @Override
          public NodeResult execute(NodeContext ctx) {
            batchStarts.add(ctx.executionId() + ":" + ctx.input().get(0).get("n"));
            return NodeResult.of(ctx.input());
          }
        };
    try (Engine engine =
        Engine.builder()
            .nodeType(perBatch)
            .nodeType(fast)
            .storage(Storage.inMemory(Clock.system()))
            .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(1)).build())
            .build()) {
      engine.deploy(Workflow.named("body").node("work", NodeDefinition.of(fast, Map.of())).build());
      List<Execution> runs = new ArrayList<>();
      for (int r = 0; r < 30; r++) {
        runs.add(engine.start(loopWorkflow(1), items(3)));
      }
      for (Execution run : runs) {
        assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
      assertThat(batchStarts).hasSize(90); // 30 loops x 3 batches, each once
    }
  }

  @org.junit.jupiter.api.Test
  void after_a_crash_the_finished_batches_do_not_run_again_and_the_loop_goes_on() throws Exception {
    dev.tyboo.spi.time.ManualClock clock =
        dev.tyboo.spi.time.ManualClock.at(java.time.Instant.parse("2026-11-26T10:00:00Z"));
    Storage storage = Storage.inMemory(clock);
    DurableExecutionTest.CrashableStorage crashable =
        new DurableExecutionTest.CrashableStorage(storage);
    java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean blockOnce =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    NodeType blockingBody =
        new NodeType() {
          private final NodeDescriptor descriptor = NodeDescriptor.builder("test.body").build();

          @Override
          public NodeDescriptor descriptor() {
            return descriptor;
          }

          @Override
          public NodeResult execute(NodeContext ctx) throws InterruptedException {
            Object first = ctx.input().get(0).get("n");
            batchStarts.add(first);
            if (Integer.valueOf(2).equals(first) && blockOnce.getAndSet(false)) {
              blocked.countDown();
              release.await(); // frozen: the process is about to die
            }
            return NodeResult.of(ctx.input().stream().map(i -> i.with("seen", true)).toList());
          }
        };
    DurableOptions options =
        DurableOptions.builder()
            .leaseTime(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(5))
            .build();
    Engine doomed =
        Engine.builder()
            .clock(clock)
            .storage(crashable.storage())
            .durableOptions(options)
            .nodeType(perBatch)
            .nodeType(blockingBody)
            .build();
    doomed.deploy(
        Workflow.named("body").node("work", NodeDefinition.of(blockingBody, Map.of())).build());
    Execution run = doomed.start(loopWorkflow(2), items(6));
    assertThat(blocked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // the loop's wait keeps its batches as a field of the checkpoint, not as extra output ports
    dev.tyboo.spi.store.NodeRunRecord waiting =
        storage.executions().nodeRuns(run.id()).stream()
            .filter(r -> r.nodeId().equals("batches"))
            .findFirst()
            .orElseThrow();
    assertThat(waiting.status()).isEqualTo(dev.tyboo.execution.NodeRunStatus.WAITING);
    assertThat(waiting.outputsJson()).doesNotContain("$batch");
    assertThat(dev.tyboo.internal.checkpoint.ItemsJson.readWait(waiting.outputsJson()).batches())
        .hasSize(3);

    crashable.crash(); // from the stores' point of view the process is gone, in batch 2
    try (Engine survivor =
        Engine.builder()
            .clock(clock)
            .storage(storage)
            .durableOptions(options)
            .nodeType(perBatch)
            .nodeType(blockingBody)
            .build()) {
      clock.advance(Duration.ofSeconds(6)); // the dead engine's leases expire

      Execution recovered = survivor.executions().find(run.id()).orElseThrow();
      assertThat(recovered.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(recovered.output("batches"))
          .extracting(i -> i.get("n"))
          .containsExactly(0, 1, 2, 3, 4, 5);
      // finished before the crash: never again; running at the crash: at least once more (its work
      // may be claimed more than once after the leases expire); started after: once
      assertThat(batchStarts).startsWith(0, 2).endsWith(4);
      assertThat(batchStarts.stream().filter(Integer.valueOf(0)::equals)).hasSize(1);
      assertThat(batchStarts.stream().filter(Integer.valueOf(2)::equals).count())
          .isGreaterThanOrEqualTo(2);
      assertThat(batchStarts.stream().filter(Integer.valueOf(4)::equals)).hasSize(1);
      assertThat(survivor.executions().children(run.id())).hasSize(3);
    } finally {
      release.countDown();
      doomed.close();
    }
  }

  private static final String INLINE =
      """
      {"name": "inline", "nodes": [{"id": "batches", "type": "test.loopInline", "parameters": {
        "size": 2,
        "body": {"nodes": [{"id": "work", "type": "test.body"}], "connections": []}}}]}
      """;

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void a_workflow_written_inside_a_node_is_deployed_with_it_and_runs_per_batch(boolean durable) {
    try (Engine engine = engine(durable)) {
      Workflow wf = engine.readWorkflow(INLINE);
      Execution run = engine.start(wf, items(5));

      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(run.output("batches")).extracting(i -> i.get("n")).containsExactly(0, 1, 2, 3, 4);
      assertThat(batchStarts).containsExactly(0, 2, 4);
      if (durable) {
        assertThat(engine.executions().children(run.id()))
            .hasSize(3)
            .allSatisfy(c -> assertThat(c.workflowName()).isEqualTo("inline#batches#body"));
      }
    }
  }

  @org.junit.jupiter.api.Test
  void problems_of_a_workflow_written_inside_a_node_carry_their_full_path() {
    try (Engine engine = engine(false)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  engine.readWorkflow(
                      """
                      {"name": "bad", "nodes": [{"id": "batches", "type": "test.loopInline",
                        "parameters": {"size": 2, "body": {"nodes": [
                          {"id": "work", "type": "test.bdoy"},
                          {"id": "next", "type": "test.body"}],
                          "connections": [{"from": "work", "to": "nowhere"}]}}}]}
                      """))
          .isInstanceOf(dev.tyboo.error.WorkflowValidationException.class)
          .hasMessageContaining("$.nodes[0].parameters.body.nodes[0].type")
          .hasMessageContaining("in the workflow of node 'batches'")
          .hasMessageContaining("test.body")
          .hasMessageContaining("$.nodes[0].parameters.body.connections[0].to");
    }
  }
}

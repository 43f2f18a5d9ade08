package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.ExecutionStateException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.UnknownNodeException;
import dev.tyboo.error.WorkflowDefinitionException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.node.flow.ExecuteWorkflow;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.WorkflowStore;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.testing.Eventually;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable mode on in-memory storage: checkpoints, crash recovery, waits, dead letters, children.
 */
class DurableExecutionTest {

  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration AWAIT = Duration.ofSeconds(10);

  private final ManualClock clock = ManualClock.at(T0);
  private final Storage storage = Storage.inMemory(clock);
  private final BinaryStore binaries = BinaryStore.inMemory();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final List<String> keys = Collections.synchronizedList(new ArrayList<>());
  private final List<Engine> engines = new ArrayList<>();
  private NodeType count;
  private NodeType flaky;
  private NodeType block;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final CountDownLatch blockEntered = new CountDownLatch(1);
  private final CountDownLatch blockRelease = new CountDownLatch(1);
  private final AtomicBoolean blockOnce = new AtomicBoolean(true);
  private final List<Integer> deliveries = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void nodeTypes() {
    count =
        type(
            "test.count",
            ctx -> {
              runs.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
              keys.add(ctx.idempotencyKey());
              List<Item> out = new ArrayList<>();
              for (Item item : ctx.input()) {
                out.add(item.with(ctx.nodeId(), true));
              }
              return NodeResult.of(out);
            });
    flaky =
        type(
            "test.flaky",
            ctx -> {
              runs.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
              if (failuresLeft.getAndDecrement() > 0) {
                throw new NonRetryableNodeException("remote refused the order");
              }
              return NodeResult.of(ctx.input());
            });
    block =
        type(
            "test.block",
            ctx -> {
              runs.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
              keys.add(ctx.idempotencyKey());
              deliveries.add(ctx.delivery());
              if (blockOnce.getAndSet(false)) {
                blockEntered.countDown();
                while (!blockRelease.await(10, TimeUnit.MILLISECONDS)) {
                  if (ctx.cancellation().isCancelled()) {
                    throw new InterruptedException("cancelled");
                  }
                }
              }
              return NodeResult.of(ctx.input());
            });
  }

  @AfterEach
  void closeEngines() {
    blockRelease.countDown();
    engines.forEach(e -> e.shutdown(Duration.ofSeconds(2)));
  }

  private static NodeType type(String name, NodeFunction fn) {
    NodeDescriptor d = NodeDescriptor.builder(name).property(PropertySpec.string("note")).build();
    return new NodeType() {
      @Override
      public NodeDescriptor descriptor() {
        return d;
      }

      @Override
      public NodeResult execute(dev.tyboo.node.NodeContext ctx) throws Exception {
        return fn.execute(ctx);
      }
    };
  }

  private static NodeDefinition node(NodeType type) {
    return NodeDefinition.of(type, Map.of());
  }

  private Engine engine(Storage on) {
    return engine(on, DurableOptions.builder().leaseTime(LEASE));
  }

  private Engine engine(Storage on, DurableOptions.Builder options) {
    Engine e =
        Engine.builder()
            .clock(clock)
            .binaryStore(binaries)
            .storage(on)
            .durableOptions(options.pollInterval(Duration.ofMillis(5)).build())
            .nodeType(count)
            .nodeType(flaky)
            .nodeType(block)
            .build();
    engines.add(e);
    return e;
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + AWAIT);
      }
      Thread.sleep(2);
    }
  }

  private int runsOf(String node) {
    AtomicInteger n = runs.get(node);
    return n == null ? 0 : n.get();
  }

  private Workflow approval(NodeDefinition ask) {
    return Workflow.named("approval")
        .node("ask", ask)
        .node("act", node(count))
        .connect("ask", "act")
        .build();
  }

  private Workflow chain() {
    return Workflow.named("orders")
        .node("fetch", node(count))
        .node("charge", node(block))
        .node("mail", node(count))
        .connect("fetch", "charge")
        .connect("charge", "mail")
        .build();
  }

  // ---------------------------------------------------------------- checkpoints

  @Test
  void should_checkpoint_every_node_and_pin_the_workflow_version() {
    blockOnce.set(false);
    Engine engine = engine(storage);
    Execution run = engine.start(chain(), List.of(Item.of(Map.of("id", 7))));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("mail"))
        .extracting(Item::json)
        .containsExactly(Map.of("id", 7, "fetch", true, "mail", true));
    List<NodeRunRecord> checkpoints = storage.executions().nodeRuns(run.id());
    assertThat(checkpoints)
        .extracting(NodeRunRecord::nodeId, NodeRunRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fetch", NodeRunStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("charge", NodeRunStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("mail", NodeRunStatus.SUCCEEDED));
    ExecutionRecord rec = storage.executions().find(run.id()).orElseThrow();
    assertThat(rec.workflowVersion()).isEqualTo(1);
    assertThat(storage.queue().size()).isZero();

    // the same workflow again pins the same version; a changed one gets a new version
    engine.start(chain(), List.of(Item.empty())).await(AWAIT);
    assertThat(storage.workflows().versions("orders")).containsExactly(1);
    Workflow changed =
        Workflow.named("orders").node("fetch", node(count)).description("v2").build();
    Execution v2 = engine.start(changed, List.of(Item.empty()));
    assertThat(v2.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(storage.executions().find(v2.id()).orElseThrow().workflowVersion()).isEqualTo(2);
  }

  @Test
  void should_refuse_lambda_nodes_and_spill_large_outputs_to_the_binary_store() {
    Engine engine = engine(storage, DurableOptions.builder().spillThresholdBytes(64));
    Workflow lambda = Workflow.named("l").node("x", ctx -> NodeResult.of(ctx.input())).build();
    assertThatThrownBy(() -> engine.start(lambda, List.of()))
        .isInstanceOf(WorkflowDefinitionException.class)
        .hasMessageContaining("'x'");

    blockOnce.set(false);
    String big = "x".repeat(1_000);
    Execution run = engine.start(chain(), List.of(Item.of(Map.of("big", big))));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    NodeRunRecord fetch = storage.executions().nodeRuns(run.id()).get(0);
    assertThat(fetch.outputsJson()).isNull();
    assertThat(fetch.outputsRef()).isNotNull();
    assertThat(run.output("mail").get(0).json()).containsEntry("big", big);
  }

  // ---------------------------------------------------------------- crash and recovery

  @Test
  void should_finish_a_crashed_engines_execution_without_rerunning_finished_nodes()
      throws Exception {
    CrashableStorage crashable = new CrashableStorage(storage);
    Engine doomed = engine(crashable.storage());
    Execution run = doomed.start(chain(), List.of(Item.of(Map.of("id", 1))));
    assertThat(blockEntered.await(10, TimeUnit.SECONDS)).isTrue();

    crashable.crash(); // from the stores' point of view the process is gone, mid-node
    Engine survivor = engine(storage);
    clock.advance(LEASE.plusSeconds(1)); // the dead engine's lease expires

    Execution recovered = survivor.executions().find(run.id()).orElseThrow();
    assertThat(recovered.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(runsOf("fetch")).as("finished before the crash: never again").isEqualTo(1);
    assertThat(runsOf("charge")).as("running at the crash: at least once more").isEqualTo(2);
    assertThat(runsOf("mail")).isEqualTo(1);
    String chargeKey = run.id() + "/charge/0";
    assertThat(keys.stream().filter(chargeKey::equals)).hasSize(2);
    assertThat(deliveries).as("the re-run knows it is one").containsExactly(1, 2);

    // the frozen node of the dead engine returns late: nothing it does reaches the store
    blockRelease.countDown();
    Thread.sleep(50);
    assertThat(storage.executions().find(run.id()).orElseThrow().status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(runsOf("mail")).isEqualTo(1);
  }

  @Test
  void should_refuse_checkpoints_from_a_worker_whose_lease_was_taken_over() throws Exception {
    CrashableStorage partitioned = new CrashableStorage(storage);
    Engine stalled = engine(partitioned.storage());
    Execution run = stalled.start(chain(), List.of(Item.empty()));
    assertThat(blockEntered.await(10, TimeUnit.SECONDS)).isTrue();
    partitioned.failRenewals(); // its heartbeats stop reaching the queue; everything else works

    Engine other = engine(storage);
    clock.advance(LEASE.plusSeconds(1));
    assertThat(other.executions().find(run.id()).orElseThrow().await(AWAIT))
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    List<NodeRunRecord> done = storage.executions().nodeRuns(run.id());

    blockRelease.countDown(); // the stalled worker's node returns: its checkpoint is fenced off
    Eventually.await(
        AWAIT,
        () -> partitioned.refusedCheckpoints.get() > 0,
        "the stalled worker tries to checkpoint and is refused");
    assertThat(storage.executions().nodeRuns(run.id())).isEqualTo(done);
    assertThat(runsOf("mail")).isEqualTo(1);
    assertThat(storage.queue().size()).isZero();
  }

  // ---------------------------------------------------------------- waits

  @Test
  void should_wait_three_days_without_a_thread_and_across_a_restart() throws Exception {
    Workflow wf =
        Workflow.named("reminder")
            .node("first", node(count))
            .node("pause", Wait.forDuration(Duration.ofDays(3)))
            .node("after", node(count))
            .connect("first", "pause")
            .connect("pause", "after")
            .build();
    Engine before = engine(storage);
    Execution run = before.start(wf, List.of(Item.of(Map.of("n", 1))));
    eventually(() -> run.status() == ExecutionStatus.WAITING);
    assertThat(run.nodeRun("pause").status()).isEqualTo(NodeRunStatus.WAITING);
    assertThat(before.shutdown(Duration.ofSeconds(1))).isTrue();

    Engine after = engine(storage);
    clock.advance(Duration.ofDays(3));
    Execution resumed = after.executions().find(run.id()).orElseThrow();
    assertThat(resumed.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(resumed.output("after").get(0).json()).containsEntry("n", 1);
    assertThat(runsOf("first")).isEqualTo(1);
    assertThat(runsOf("after")).isEqualTo(1);
  }

  @Test
  void should_resume_a_wait_with_its_token_only_and_only_once() throws Exception {
    Workflow wf = approval(Wait.forResume());
    Engine engine = engine(storage);
    Execution run = engine.start(wf, List.of(Item.of(Map.of("amount", 500))));
    eventually(() -> run.status() == ExecutionStatus.WAITING);
    String token = run.resumeTokens().get("ask");
    assertThat(token).startsWith(run.id().value() + ".");
    List<NodeRunRecord> before = storage.executions().nodeRuns(run.id());

    assertThatThrownBy(() -> engine.resume(run.id().value() + ".wrong", List.of()))
        .isInstanceOf(ResumeTokenException.class)
        .hasMessageContaining(run.id().value())
        .hasMessageNotContaining(token);
    assertThatThrownBy(() -> engine.resume("garbage", List.of()))
        .isInstanceOf(ResumeTokenException.class);
    assertThatThrownBy(() -> engine.resume("nope.abc", List.of()))
        .isInstanceOf(ResumeTokenException.class)
        .hasMessageContaining("no stored execution");
    assertThat(storage.executions().nodeRuns(run.id())).isEqualTo(before);

    engine.resume(token, List.of(Item.of(Map.of("approved", true))));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("act").get(0).json()).containsEntry("approved", true);
    assertThatThrownBy(() -> engine.resume(token, List.of()))
        .isInstanceOf(ResumeTokenException.class)
        .hasMessageContaining("ended");
  }

  @Test
  void should_time_out_a_wait_for_resume_with_the_input_items() throws Exception {
    Workflow wf =
        Workflow.named("approval")
            .node("ask", Wait.forResume(Duration.ofHours(1)))
            .node("act", node(count))
            .connect("ask", "act")
            .build();
    Engine engine = engine(storage);
    Execution run = engine.start(wf, List.of(Item.of(Map.of("amount", 5))));
    eventually(() -> run.status() == ExecutionStatus.WAITING);
    String token = run.resumeTokens().get("ask");
    clock.advance(Duration.ofHours(1));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("act").get(0).json()).containsEntry("amount", 5);
    assertThatThrownBy(() -> engine.resume(token, List.of()))
        .isInstanceOf(ResumeTokenException.class);
  }

  // ---------------------------------------------------------------- dead letters

  @Test
  void should_keep_a_failed_execution_as_a_dead_letter_and_resume_it_from_the_failure() {
    failuresLeft.set(1);
    Workflow wf =
        Workflow.named("pay")
            .node("fetch", node(count))
            .node("charge", node(flaky))
            .node("mail", node(count))
            .connect("fetch", "charge")
            .connect("charge", "mail")
            .build();
    Engine engine = engine(storage);
    Execution run = engine.start(wf, List.of(Item.of(Map.of("id", 3))));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error()).get().extracting(e -> e.nodeId()).isEqualTo("charge");
    assertThat(run.error().orElseThrow().getMessage()).contains("remote refused the order");
    assertThat(engine.executions().deadLetters(0, 10).items())
        .extracting(ExecutionRecord::id)
        .contains(run.id());
    assertThat(run.nodeRun("charge").status()).isEqualTo(NodeRunStatus.FAILED);
    assertThat(run.output("fetch")).hasSize(1);

    Execution resumed = engine.executions().resumeFromFailure(run.id());
    assertThat(resumed.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(runsOf("fetch")).isEqualTo(1);
    assertThat(runsOf("charge")).isEqualTo(2);
    assertThat(runsOf("mail")).isEqualTo(1);
    assertThat(engine.executions().deadLetters(0, 10).items()).isEmpty();

    // retry from a node: it and everything after it run again
    assertThat(engine.executions().retry(run.id(), "charge").await(AWAIT))
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(runsOf("fetch")).isEqualTo(1);
    assertThat(runsOf("charge")).isEqualTo(3);
    assertThat(runsOf("mail")).isEqualTo(2);

    // rerun: a new execution from scratch
    Execution fresh = engine.executions().rerun(run.id());
    assertThat(fresh.id()).isNotEqualTo(run.id());
    assertThat(fresh.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(runsOf("fetch")).isEqualTo(2);
  }

  @Test
  void should_refuse_bad_resumes_and_retries_with_typed_errors_and_change_nothing() {
    Engine engine = engine(storage);
    blockOnce.set(false);
    Execution ok = engine.start(chain(), List.of(Item.empty()));
    assertThat(ok.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    ExecutionRecord before = storage.executions().find(ok.id()).orElseThrow();
    List<NodeRunRecord> runsBefore = storage.executions().nodeRuns(ok.id());

    assertThatThrownBy(() -> engine.executions().resumeFromFailure(ok.id()))
        .isInstanceOf(ExecutionStateException.class)
        .hasMessageContaining(ok.id().value())
        .hasMessageContaining("SUCCEEDED");
    assertThatThrownBy(() -> engine.executions().retry(ok.id(), "nosuch"))
        .isInstanceOf(UnknownNodeException.class)
        .hasMessageContaining("'nosuch'")
        .hasMessageContaining(ok.id().value());
    ExecutionId unknown = ExecutionId.of("no-such-execution");
    assertThatThrownBy(() -> engine.executions().resumeFromFailure(unknown))
        .isInstanceOf(ExecutionNotFoundException.class)
        .hasMessageContaining("no-such-execution");
    assertThatThrownBy(() -> engine.executions().retry(unknown, "fetch"))
        .isInstanceOf(ExecutionNotFoundException.class);
    assertThatThrownBy(() -> engine.executions().cancel(unknown))
        .isInstanceOf(ExecutionNotFoundException.class);

    assertThat(storage.executions().find(ok.id())).contains(before);
    assertThat(storage.executions().nodeRuns(ok.id())).isEqualTo(runsBefore);
    assertThat(storage.queue().size()).isZero();
  }

  @Test
  void should_start_the_error_workflow_with_the_failure_details() {
    failuresLeft.set(1);
    Engine engine = engine(storage);
    engine.deploy(Workflow.named("alerts").node("record", node(count)).build());
    Workflow wf = Workflow.named("pay").node("charge", node(flaky)).errorWorkflow("alerts").build();
    Execution run = engine.start(wf, List.of(Item.empty()));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.FAILED);

    ExecutionRecord alert =
        engine
            .executions()
            .query(dev.tyboo.spi.store.ExecutionQuery.builder().workflow("alerts").build())
            .items()
            .get(0);
    Execution alertRun = engine.executions().find(alert.id()).orElseThrow();
    assertThat(alertRun.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> detail = alertRun.output("record").get(0).json();
    assertThat(detail)
        .containsEntry("execution", run.id().value())
        .containsEntry("workflow", "pay")
        .containsEntry("node", "charge");
    assertThat(detail.get("error").toString()).contains("remote refused the order");
  }

  // ---------------------------------------------------------------- cancel

  @Test
  void should_cancel_a_running_execution() throws Exception {
    Engine engine = engine(storage);
    Execution run = engine.start(chain(), List.of(Item.empty()));
    assertThat(blockEntered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(engine.executions().cancel(run.id())).isTrue();
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(run.nodeRun("charge").status()).isEqualTo(NodeRunStatus.CANCELLED);
    assertThat(runsOf("mail")).isZero();
    assertThat(engine.executions().cancel(run.id())).isFalse();
  }

  @Test
  void should_cancel_a_waiting_execution_and_void_its_token() throws Exception {
    Workflow wf = approval(Wait.forResume());
    Engine engine = engine(storage);
    Execution run = engine.start(wf, List.of(Item.empty()));
    eventually(() -> run.status() == ExecutionStatus.WAITING);
    String token = run.resumeTokens().get("ask");

    assertThat(run.cancel()).isTrue();
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(run.nodeRun("ask").status()).isEqualTo(NodeRunStatus.CANCELLED);
    assertThatThrownBy(() -> engine.resume(token, List.of()))
        .isInstanceOf(ResumeTokenException.class);
    assertThat(runsOf("act")).isZero();
  }

  // ---------------------------------------------------------------- sub-workflows, retention

  @Test
  void should_run_a_sub_workflow_and_link_parent_and_child() {
    Engine engine = engine(storage);
    engine.deploy(
        Workflow.named("enrich")
            .node("lookup", node(count))
            .node("score", node(count))
            .connect("lookup", "score")
            .build());
    Workflow parent =
        Workflow.named("orders")
            .node("fetch", node(count))
            .node("enrich", ExecuteWorkflow.named("enrich"))
            .node("mail", node(count))
            .connect("fetch", "enrich")
            .connect("enrich", "mail")
            .build();
    Execution run = engine.start(parent, List.of(Item.of(Map.of("id", 9))));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("mail").get(0).json())
        .containsEntry("id", 9)
        .containsEntry("lookup", true)
        .containsEntry("score", true)
        .containsEntry("mail", true);
    List<ExecutionRecord> children = engine.executions().children(run.id());
    assertThat(children).hasSize(1);
    assertThat(children.get(0).workflowName()).isEqualTo("enrich");
    assertThat(children.get(0).parentNodeId()).isEqualTo("enrich");
    assertThat(children.get(0).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void should_fail_the_parent_node_when_the_child_fails() {
    failuresLeft.set(1);
    Engine engine = engine(storage);
    engine.deploy(Workflow.named("charge").node("card", node(flaky)).build());
    Workflow parent = Workflow.named("orders").node("pay", ExecuteWorkflow.named("charge")).build();
    Execution run = engine.start(parent, List.of(Item.empty()));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow().getMessage())
        .contains("sub-workflow 'charge'")
        .contains("remote refused the order");
    // the child is a dead letter too; once it is repaired, the parent can be resumed
    ExecutionRecord child = engine.executions().children(run.id()).get(0);
    assertThat(child.status()).isEqualTo(ExecutionStatus.FAILED);
    Execution childAgain = engine.executions().resumeFromFailure(child.id());
    ExecutionStatus cs = childAgain.await(AWAIT);
    assertThat(cs)
        .as("child: %s / %s", childAgain.error(), childAgain.nodeRuns())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    Execution again = engine.executions().resumeFromFailure(run.id());
    ExecutionStatus st = again.await(AWAIT);
    assertThat(st)
        .as(
            "%s / child %s / %s",
            again.error(), engine.executions().children(run.id()), again.nodeRuns())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(engine.executions().children(run.id())).hasSize(1);
    assertThat(runsOf("card")).isEqualTo(2);
  }

  @Test
  void should_apply_retention_by_age_and_by_count() {
    blockOnce.set(false);
    Engine engine = engine(storage);
    for (int i = 0; i < 3; i++) {
      assertThat(engine.start(chain(), List.of(Item.empty())).await(AWAIT))
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      clock.advance(Duration.ofHours(1));
    }
    assertThat(engine.executions().keepNewest("orders", 2)).isEqualTo(1);
    assertThat(engine.executions().deleteFinishedBefore(T0.plus(Duration.ofMinutes(90)), "orders"))
        .isEqualTo(1);
    assertThat(
            engine.executions().query(dev.tyboo.spi.store.ExecutionQuery.builder().build()).items())
        .hasSize(1);
  }

  @Test
  void should_refuse_what_a_store_or_queue_cannot_do_with_a_typed_error() {
    ExecutionStore noExtras =
        claiming(ExecutionStore.class, storage.executions(), java.util.Set.of());
    Engine engine = engine(new Storage(storage.workflows(), noExtras, storage.queue()));
    assertThatThrownBy(() -> engine.executions().keepNewest("orders", 1))
        .isInstanceOf(dev.tyboo.error.UnsupportedCapabilityException.class)
        .hasMessageContaining("RETENTION");
    assertThatThrownBy(() -> engine.executions().deadLetters(0, 10))
        .isInstanceOf(dev.tyboo.error.UnsupportedCapabilityException.class)
        .hasMessageContaining("QUERIES");

    WorkQueue immediateOnly =
        claiming(
            WorkQueue.class, storage.queue(), java.util.Set.of(WorkQueue.Capability.DEAD_LETTERS));
    assertThatThrownBy(
            () -> engine(new Storage(storage.workflows(), storage.executions(), immediateOnly)))
        .isInstanceOf(dev.tyboo.error.UnsupportedCapabilityException.class)
        .hasMessageContaining("DELAYED_DELIVERY");
  }

  @Test
  void an_unavailable_store_postpones_an_execution_and_a_broken_record_dead_letters_it()
      throws Exception {
    AtomicInteger outages = new AtomicInteger(2);
    ExecutionStore target = storage.executions();
    ExecutionStore flaky =
        (ExecutionStore)
            Proxy.newProxyInstance(
                ExecutionStore.class.getClassLoader(),
                new Class<?>[] {ExecutionStore.class},
                (p, method, args) -> {
                  if (method.getName().equals("nodeRuns")) {
                    ExecutionId id = (ExecutionId) args[0];
                    if (target.find(id).orElseThrow().workflowName().equals("doomed")) {
                      throw new dev.tyboo.error.StorageException(
                          "spilled outputs of node 'a' are missing", null);
                    }
                    if (outages.getAndDecrement() > 0) {
                      throw new dev.tyboo.error.StorageUnavailableException(
                          "database restarting", null);
                    }
                  }
                  try {
                    return method.invoke(target, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Engine engine = engine(new Storage(storage.workflows(), flaky, storage.queue()));
    Workflow two =
        Workflow.named("two")
            .node("a", node(count))
            .node("b", node(count))
            .connect("a", "b")
            .build();

    Execution run = engine.start(two, List.of(Item.empty()));
    Execution doomed =
        engine.start(
            Workflow.named("doomed").node("a", node(count)).build(), List.of(Item.empty()));

    Eventually.await(
        AWAIT,
        () -> {
          clock.advance(Duration.ofMillis(10)); // postponed work is due again one poll later
          return run.status() == ExecutionStatus.SUCCEEDED
              && !storage.queue().deadLetters().isEmpty();
        },
        "postponed work came back");
    assertThat(outages.get()).isNegative(); // both outages were met, and waited out
    assertThat(storage.queue().deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.executionId()).isEqualTo(doomed.id());
              assertThat(d.reason()).contains("missing");
            });
  }

  /** {@return the delegate, except that it claims only those capabilities} */
  private static <T> T claiming(Class<T> type, T delegate, java.util.Set<?> capabilities) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              if (method.getName().equals("capabilities")) {
                return capabilities;
              }
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }

  // ---------------------------------------------------------------- a crashable view of storage

  /** Storage whose every call fails once {@link #crash()} is called: the process "died". */
  static final class CrashableStorage {
    private final Storage target;
    private final AtomicBoolean crashed = new AtomicBoolean();

    CrashableStorage(Storage target) {
      this.target = target;
    }

    private final AtomicBoolean renewalsFail = new AtomicBoolean();

    /** Checkpoints through this storage that the store refused as stale. */
    final AtomicInteger refusedCheckpoints = new AtomicInteger();

    void crash() {
      crashed.set(true);
    }

    void failRenewals() {
      renewalsFail.set(true);
    }

    Storage storage() {
      return new Storage(
          proxy(WorkflowStore.class, target.workflows()),
          proxy(ExecutionStore.class, target.executions()),
          proxy(WorkQueue.class, target.queue()));
    }

    private <T> T proxy(Class<T> type, T delegate) {
      return type.cast(
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (p, method, args) -> {
                if (crashed.get() && method.getDeclaringClass() != Object.class) {
                  throw new IllegalStateException("process crashed");
                }
                if (renewalsFail.get() && method.getName().equals("renew")) {
                  throw new IllegalStateException("queue unreachable");
                }
                try {
                  return method.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                  if (method.getName().equals("checkpoint")
                      && e.getCause() instanceof StaleLeaseException) {
                    refusedCheckpoints.incrementAndGet();
                  }
                  throw e.getCause();
                }
              }));
    }
  }
}

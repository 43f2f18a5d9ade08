package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.error.StorageException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Page;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.telemetry.ExecutionTrace;
import dev.tyboo.spi.telemetry.ExecutionTraceInfo;
import dev.tyboo.spi.telemetry.NodeTrace;
import dev.tyboo.spi.telemetry.Telemetry;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.Eventually;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Durable executions whose checkpoints, claims or run starts keep failing must not wedge: they are
 * handed back with a growing delay, then failed and dead-lettered with the reason, while other
 * executions flow, and health says so; planned returns (timed waits) are not failures.
 */
class DurableFaultsTest {

  /**
   * Fails every checkpoint of the executions of workflow {@code poisoned}, and the claims of
   * workflow {@code locked} while {@link #lockRows} is set.
   */
  private static final class FailingCheckpoints implements ExecutionStore {
    private final ExecutionStore delegate = ExecutionStore.inMemory();
    final AtomicInteger refused = new AtomicInteger();

    /** While set, claims of workflow {@code locked} fail on their first write. */
    volatile boolean lockRows;

    final AtomicInteger fenceRefused = new AtomicInteger();

    @Override
    public ExecutionRecord create(ExecutionRecord record) {
      return delegate.create(record);
    }

    @Override
    public Optional<ExecutionRecord> find(ExecutionId id) {
      return delegate.find(id);
    }

    @Override
    public ExecutionRecord update(ExecutionRecord record) {
      return delegate.update(record);
    }

    @Override
    public ExecutionRecord fence(ExecutionId id, long fencingToken) {
      if (lockRows && delegate.find(id).map(r -> r.workflowName().equals("locked")).orElse(false)) {
        fenceRefused.incrementAndGet();
        throw new StorageException("simulated: the row is locked by someone else", null);
      }
      return delegate.fence(id, fencingToken);
    }

    @Override
    public void checkpoint(NodeRunRecord run, long fencingToken) {
      if (delegate.find(run.executionId()).orElseThrow().workflowName().equals("poisoned")) {
        refused.incrementAndGet();
        throw new StorageException("simulated: the disk is full", null);
      }
      delegate.checkpoint(run, fencingToken);
    }

    @Override
    public boolean resolveWait(NodeRunRecord finished) {
      return delegate.resolveWait(finished);
    }

    @Override
    public List<NodeRunRecord> nodeRuns(ExecutionId id) {
      return delegate.nodeRuns(id);
    }

    @Override
    public Page<ExecutionRecord> query(ExecutionQuery query) {
      return delegate.query(query);
    }

    @Override
    public boolean delete(ExecutionId id) {
      return delegate.delete(id);
    }

    @Override
    public int deleteFinishedBefore(Instant before, String workflowName) {
      return delegate.deleteFinishedBefore(before, workflowName);
    }

    @Override
    public int deleteAllButNewest(String workflowName, int keep) {
      return delegate.deleteAllButNewest(workflowName, keep);
    }
  }

  /** {@return storage in memory with these executions} */
  private static Storage inMemoryWith(ExecutionStore executions) {
    Storage inMemory = Storage.inMemory(Clock.system());
    return new Storage(
        inMemory.workflows(),
        executions,
        inMemory.queue(),
        inMemory.transactions(),
        inMemory.binaries());
  }

  @Test
  void an_execution_whose_checkpoints_keep_failing_is_failed_and_dead_lettered_with_the_reason() {
    FailingCheckpoints executions = new FailingCheckpoints();
    Storage storage = inMemoryWith(executions);
    try (Engine engine =
        Engine.builder()
            .storage(storage)
            .nodeTypes(TestNodes.registry())
            .durableOptions(
                DurableOptions.builder()
                    .pollInterval(Duration.ofMillis(5))
                    .leaseTime(Duration.ofSeconds(2))
                    .maxDeliveries(3)
                    .build())
            .build()) {
      Execution poisoned =
          engine.start(
              Workflow.named("poisoned").node("set", TestNodes.set("x", 1)).build(),
              List.of(Item.empty()));
      List<Execution> healthy = new ArrayList<>();
      Workflow fine = Workflow.named("fine").node("set", TestNodes.set("x", 1)).build();
      for (int i = 0; i < 20; i++) {
        healthy.add(engine.start(fine, List.of(Item.of(Map.of("n", i)))));
      }

      for (Execution run : healthy) {
        assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
      assertThat(poisoned.await(Duration.ofSeconds(30))).isEqualTo(ExecutionStatus.FAILED);
      assertThat(
              engine
                  .executions()
                  .find(poisoned.id())
                  .orElseThrow()
                  .error()
                  .orElseThrow()
                  .getMessage())
          .contains("claimed execution")
          .contains("3 times")
          .contains("the disk is full");
      assertThat(storage.queue().deadLetters())
          .anySatisfy(
              d -> {
                assertThat(d.executionId()).isEqualTo(poisoned.id());
                assertThat(d.reason()).contains("the disk is full");
              });
      // three claims, each trying its checkpoint three times: bounded, not every poll for ever
      assertThat(executions.refused).hasValue(9);
      assertThat(engine.health().failingExecutions()).isZero();
    }
  }

  @Test
  void health_shows_an_execution_whose_checkpoints_keep_failing() throws Exception {
    Storage storage = inMemoryWith(new FailingCheckpoints());
    try (Engine engine =
        Engine.builder()
            .storage(storage)
            .nodeTypes(TestNodes.registry())
            .durableOptions(
                DurableOptions.builder()
                    .pollInterval(Duration.ofMillis(5))
                    .maxDeliveries(1_000)
                    .build())
            .build()) {
      assertThat(engine.health().failingExecutions()).isZero();
      engine.start(
          Workflow.named("poisoned").node("set", TestNodes.set("x", 1)).build(),
          List.of(Item.empty()));
      Eventually.await(
          Duration.ofSeconds(20),
          () -> engine.health().failingExecutions() > 0,
          "health shows the failure");
      EngineHealth health = engine.health();
      assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(health.reasons()).anySatisfy(r -> assertThat(r).contains("checkpointed"));
      // handed back with a growing delay (5, 10 ms, ...): its third claim comes soon
      Eventually.await(
          Duration.ofSeconds(20),
          () -> engine.health().stuckExecutions() > 0,
          "health shows it stuck");
      assertThat(engine.health().reasons())
          .anySatisfy(r -> assertThat(r).contains("third delivery or later without progress"));
      assertThat(engine.health().blockedSlots()).isZero();
    }
  }

  @Test
  void an_execution_whose_claims_keep_failing_is_failed_with_the_reason_once_it_can_be()
      throws Exception {
    FailingCheckpoints executions = new FailingCheckpoints();
    executions.lockRows = true;
    Storage storage = inMemoryWith(executions);
    try (Engine engine =
        Engine.builder()
            .storage(storage)
            .nodeTypes(TestNodes.registry())
            .durableOptions(
                DurableOptions.builder()
                    .pollInterval(Duration.ofMillis(5))
                    .maxDeliveries(3)
                    .build())
            .build()) {
      Execution locked =
          engine.start(
              Workflow.named("locked").node("set", TestNodes.set("x", 1)).build(),
              List.of(Item.empty()));
      Execution fine =
          engine.start(
              Workflow.named("fine").node("set", TestNodes.set("x", 1)).build(),
              List.of(Item.empty()));
      assertThat(fine.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
      // claimed past maxDeliveries, but failing it needs the row too: handed back meanwhile
      Eventually.await(
          Duration.ofSeconds(20),
          () -> executions.fenceRefused.get() > 4,
          "claims keep failing past maxDeliveries");
      assertThat(engine.executions().find(locked.id()).orElseThrow().status().isFinal()).isFalse();
      assertThat(engine.health().failingExecutions()).isEqualTo(1);

      executions.lockRows = false; // the lock goes

      assertThat(locked.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.FAILED);
      assertThat(locked.error().orElseThrow().getMessage())
          .contains("without finishing it (DurableOptions.maxDeliveries 3)")
          .contains("claiming it failed")
          .contains("the row is locked by someone else");
      assertThat(storage.queue().deadLetters())
          .anySatisfy(d -> assertThat(d.executionId()).isEqualTo(locked.id()));
    }
  }

  /** Telemetry whose first {@code executionStarted} throws (a run that cannot begin), then none. */
  private static final class FailsFirstStart implements Telemetry {
    final AtomicInteger starts = new AtomicInteger();

    @Override
    public ExecutionTrace executionStarted(ExecutionTraceInfo execution) {
      if (starts.incrementAndGet() == 1) {
        throw new IllegalStateException("simulated: the tracer is broken");
      }
      return new ExecutionTrace() {
        @Override
        public NodeTrace nodeStarted(
            String nodeId, String nodeType, int attempt, int itemsIn, Instant at) {
          return new NodeTrace() {
            @Override
            public Map<String, String> headers() {
              return Map.of();
            }

            @Override
            public void ended(
                NodeRunStatus status, int itemsOut, Throwable error, boolean retry, Instant at) {}
          };
        }

        @Override
        public void ended(ExecutionStatus status, Throwable error, Instant at) {}
      };
    }
  }

  @Test
  void a_run_that_cannot_begin_is_handed_back_and_frees_its_slot_once() {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    NodeType crowded =
        NodeType.of(
            NodeDescriptor.builder("test.crowded").build(),
            ctx -> {
              most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              try {
                Thread.sleep(30);
              } finally {
                concurrent.decrementAndGet();
              }
              return NodeResult.of(ctx.input());
            });
    FailsFirstStart telemetry = new FailsFirstStart();
    try (Engine engine =
        Engine.builder()
            .storage(Storage.inMemory(Clock.system()))
            .telemetry(telemetry)
            .nodeType(crowded)
            .durableOptions(
                DurableOptions.builder()
                    .pollInterval(Duration.ofMillis(5))
                    .maxActiveExecutions(1)
                    .build())
            .build()) {
      Workflow wf = Workflow.named("crowd").node("n", NodeDefinition.of(crowded, Map.of())).build();
      List<Execution> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        runs.add(engine.start(wf, List.of(Item.of(Map.of("i", i)))));
      }
      for (Execution run : runs) {
        assertThat(run.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
      assertThat(telemetry.starts.get())
          .as("one failed start, then one per execution")
          .isEqualTo(7);
      assertThat(most).as("one slot: the failed start gave it back once, not twice").hasValue(1);
    }
  }

  @Test
  void timed_waits_are_not_claims_without_progress() {
    WorkflowBuilder many = Workflow.named("patient");
    String previous = null;
    for (int i = 0; i < 8; i++) {
      String name = "wait" + i;
      many.node(name, Wait.forDuration(Duration.ofMillis(5)));
      if (previous != null) {
        many.connect(previous, name);
      }
      previous = name;
    }
    try (Engine engine =
        Engine.builder()
            .storage(Storage.inMemory(Clock.system()))
            .nodeTypes(TestNodes.registry())
            .durableOptions(
                DurableOptions.builder()
                    .pollInterval(Duration.ofMillis(5))
                    .maxDeliveries(3)
                    .build())
            .build()) {
      Execution patient = engine.start(many.build(), List.of(Item.empty()));
      assertThat(patient.await(Duration.ofSeconds(30)))
          .as("eight waits in a row with at most three claims without progress")
          .isEqualTo(ExecutionStatus.SUCCEEDED);
    }
  }
}

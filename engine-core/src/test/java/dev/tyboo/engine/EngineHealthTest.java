package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.StorageUnavailableException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.queue.DeadWork;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.QueueStats;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.WorkflowStore;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.Eventually;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@link Engine#health()}: figures, thresholds that flip the status, and the reasons. */
class EngineHealthTest {

  /** The build machine's CPU is busy with other tests: only the figures under test may flip it. */
  private static final HealthThresholds CALM_MACHINE =
      HealthThresholds.builder().maxCpuLoad(1).maxHeapUsed(1).build();

  private final CountDownLatch release = new CountDownLatch(1);

  private final NodeType blocks =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.blocks").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) throws InterruptedException {
          release.await();
          return NodeResult.of(ctx.input());
        }
      };

  private static final NodeType FAILS =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.fails").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          throw new NonRetryableNodeException("no");
        }
      };

  @Test
  void an_idle_engine_without_storage_is_up_with_its_jvm_figures() {
    try (Engine engine = Engine.builder().healthThresholds(CALM_MACHINE).build()) {
      EngineHealth h = engine.health();

      assertThat(h.status()).isEqualTo(HealthStatus.UP);
      assertThat(h.reasons()).isEmpty();
      assertThat(h.heapUsed()).isPositive();
      assertThat(h.cpuLoad()).isBetween(-1.0, 1.0);
      assertThat(h.queueDepth()).isEqualTo(-1);
      assertThat(h.waitingExecutions()).isEqualTo(-1);
      assertThat(h.storageReachable()).isTrue();
      engine.shutdown(Duration.ofSeconds(1));
      assertThat(engine.health().status()).isEqualTo(HealthStatus.DOWN);
      assertThat(engine.health().reasons()).containsExactly("the engine is shut down");
    }
  }

  @Test
  void a_backlog_its_age_and_dead_letters_degrade_the_engine_until_they_clear() throws Exception {
    HealthThresholds thresholds =
        HealthThresholds.builder()
            .maxCpuLoad(1)
            .maxHeapUsed(1)
            .maxQueueDepth(2)
            .maxQueueAge(Duration.ofMillis(1))
            .maxDeadLetters(0)
            .build();
    try (Engine engine =
        Engine.builder()
            .storage(Storage.inMemory(Clock.system()))
            .durableOptions(
                DurableOptions.builder()
                    .maxActiveExecutions(1)
                    .pollInterval(Duration.ofMillis(5))
                    .build())
            .nodeType(blocks)
            .nodeType(FAILS)
            .healthThresholds(thresholds)
            .build()) {
      Workflow slow =
          Workflow.named("slow").node("wait", NodeDefinition.of(blocks, Map.of())).build();
      List<Execution> runs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        runs.add(engine.start(slow, List.of(Item.empty())));
      }
      EngineHealth busy;
      try {
        Eventually.await(
            Duration.ofSeconds(10), () -> engine.activeExecutions() > 0, "one execution runs");
        Thread.sleep(5); // the backlog ages past its 1 ms threshold
        busy = engine.health();
      } finally {
        release.countDown();
      }
      assertThat(busy.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(busy.runningExecutions()).isEqualTo(1);
      assertThat(busy.queueDepth()).isEqualTo(4);
      assertThat(busy.oldestQueuedAge()).isPositive();
      assertThat(busy.reasons())
          .anyMatch(r -> r.startsWith("4 work items due and waiting (threshold 2)"))
          .anyMatch(r -> r.startsWith("the oldest due work item has waited"));

      for (Execution run : runs) {
        assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
      assertThat(engine.health().status()).isEqualTo(HealthStatus.UP);

      Execution failed =
          engine.start(
              Workflow.named("pay").node("charge", NodeDefinition.of(FAILS, Map.of())).build(),
              List.of(Item.empty()));
      assertThat(failed.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.FAILED);
      EngineHealth afterFailure = engine.health();
      assertThat(afterFailure.deadLetters()).isEqualTo(1);
      assertThat(afterFailure.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(afterFailure.reasons()).containsExactly("1 dead letters (threshold 0)");
    }
  }

  @Test
  void heap_above_its_threshold_degrades_and_an_unreachable_storage_is_down() {
    FlakyQueue queue = new FlakyQueue(WorkQueue.inMemory(Clock.system()));
    Storage storage =
        new Storage(WorkflowStore.inMemory(Clock.system()), ExecutionStore.inMemory(), queue);
    try (Engine engine =
        Engine.builder()
            .storage(storage)
            .healthThresholds(HealthThresholds.builder().maxHeapUsed(1e-9).maxCpuLoad(1).build())
            .build()) {
      EngineHealth heavy = engine.health();
      assertThat(heavy.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(heavy.reasons()).singleElement().asString().startsWith("heap ");

      queue.down = true;
      EngineHealth down = engine.health();
      assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(down.storageReachable()).isFalse();
      assertThat(down.reasons().getFirst())
          .isEqualTo("the storage cannot be reached: connection refused");
      queue.down = false;
    }
  }

  /** A queue whose statistics fail while {@link #down} is set, as a database that went away. */
  private static final class FlakyQueue implements WorkQueue {
    private final WorkQueue delegate;
    volatile boolean down;

    FlakyQueue(WorkQueue delegate) {
      this.delegate = delegate;
    }

    @Override
    public Set<Capability> capabilities() {
      return delegate.capabilities();
    }

    @Override
    public String enqueue(ExecutionId executionId, Instant dueAt) {
      return delegate.enqueue(executionId, dueAt);
    }

    @Override
    public Optional<Lease> claim(String owner, Duration leaseTime) {
      return delegate.claim(owner, leaseTime);
    }

    @Override
    public Lease renew(Lease lease, Duration leaseTime) {
      return delegate.renew(lease, leaseTime);
    }

    @Override
    public void complete(Lease lease) {
      delegate.complete(lease);
    }

    @Override
    public void retryLater(Lease lease, Instant dueAt) {
      delegate.retryLater(lease, dueAt);
    }

    @Override
    public void reschedule(Lease lease, Instant dueAt) {
      delegate.reschedule(lease, dueAt);
    }

    @Override
    public void deadLetter(Lease lease, String reason) {
      delegate.deadLetter(lease, reason);
    }

    @Override
    public List<DeadWork> deadLetters() {
      return delegate.deadLetters();
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public QueueStats stats() {
      if (down) {
        throw new StorageUnavailableException("connection refused", null);
      }
      return delegate.stats();
    }
  }
}

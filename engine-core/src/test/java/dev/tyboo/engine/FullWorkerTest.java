package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.error.StorageUnavailableException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A durable worker whose every slot is busy takes queued work as soon as a slot frees. */
class FullWorkerTest {

  @Test
  void queued_work_starts_when_a_slot_frees_not_at_the_next_poll() throws Exception {
    CountDownLatch firstRuns = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    NodeType hold =
        NodeType.of(
            NodeDescriptor.builder("test.hold").build(),
            ctx -> {
              if (ctx.input().get(0).get("n").equals(1)) {
                firstRuns.countDown();
                release.await();
              }
              return NodeResult.of(ctx.input());
            });
    Workflow wf = Workflow.named("held").node("hold", NodeDefinition.of(hold, Map.of())).build();
    try (Engine engine =
        Engine.builder()
            .nodeType(hold)
            .storage(Storage.inMemory(Clock.system()))
            .durableOptions(
                DurableOptions.builder()
                    .maxActiveExecutions(1)
                    .pollInterval(Duration.ofSeconds(30)) // longer than the test may take
                    .build())
            .build()) {
      Execution first = engine.start(wf, List.of(Item.of(Map.of("n", 1))));
      assertThat(firstRuns.await(10, TimeUnit.SECONDS)).isTrue();
      Execution second = engine.start(wf, List.of(Item.of(Map.of("n", 2))));
      assertThat(second.await(Duration.ofMillis(300)))
          .as("the only slot is busy")
          .isEqualTo(ExecutionStatus.QUEUED);

      release.countDown();

      assertThat(first.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(second.await(Duration.ofSeconds(10)))
          .as("started when the slot freed, well before the 30 s poll")
          .isEqualTo(ExecutionStatus.SUCCEEDED);
    }
  }

  @Test
  void a_claim_that_fails_keeps_no_slot() throws Exception {
    Storage storage = Storage.inMemory(Clock.system());
    java.util.concurrent.atomic.AtomicBoolean down =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    WorkQueue queue = storage.queue();
    WorkQueue failing =
        proxy(
            WorkQueue.class,
            queue,
            m -> {
              if (m.getName().equals("claim") && down.get()) {
                refused.incrementAndGet();
                throw new StorageUnavailableException("simulated: the database is down", null);
              }
            });
    Storage withFailingQueue =
        new Storage(
            storage.workflows(),
            storage.executions(),
            failing,
            storage.transactions(),
            storage.binaries());
    NodeType noop =
        NodeType.of(NodeDescriptor.builder("test.noop").build(), ctx -> NodeResult.of(ctx.input()));
    Workflow wf = Workflow.named("after").node("n", NodeDefinition.of(noop, Map.of())).build();
    down.set(true);
    try (Engine engine =
        Engine.builder()
            .nodeType(noop)
            .storage(withFailingQueue)
            .durableOptions(
                DurableOptions.builder()
                    .maxActiveExecutions(1)
                    .pollInterval(Duration.ofMillis(10))
                    .build())
            .build()) {
      dev.tyboo.testing.Eventually.await(
          Duration.ofSeconds(10),
          () -> refused.get() >= 3,
          "claims failed while the database was down");
      down.set(false);

      Execution run = engine.start(wf, List.of(Item.of(Map.of())));

      assertThat(run.await(Duration.ofSeconds(10)))
          .as("the one slot came back after the failed claims")
          .isEqualTo(ExecutionStatus.SUCCEEDED);
    }
  }

  private interface Before {
    void call(java.lang.reflect.Method m);
  }

  private static <T> T proxy(Class<T> type, T target, Before before) {
    return type.cast(
        java.lang.reflect.Proxy.newProxyInstance(
            FullWorkerTest.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, args) -> {
              before.call(m);
              return invoke(m, target, args);
            }));
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

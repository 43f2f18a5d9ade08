package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.store.BatchedWrites;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.FencedCheckpoint;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When checkpoints are committed, by mode: synchronous (a node's checkpoint before its successors,
 * the last one with the end, concurrent runs sharing commits) and asynchronous (successors do not
 * wait, the end still does).
 */
class CheckpointModesTest {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  /** What happened, in order: "start n1", "commit n1", "end SUCCEEDED (3 node runs)". */
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private final List<Integer> groups = new CopyOnWriteArrayList<>();
  private volatile long commitMillis;

  private final NodeType step =
      NodeType.of(
          NodeDescriptor.builder("modes.step").build(),
          ctx -> {
            log.add("start " + ctx.nodeId());
            return NodeResult.of(ctx.input());
          });

  /** A store that logs commits and ends, and takes {@link #commitMillis} per checkpoint call. */
  private ExecutionStore observed(ExecutionStore target) {
    return (ExecutionStore)
        Proxy.newProxyInstance(
            ExecutionStore.class.getClassLoader(),
            new Class<?>[] {ExecutionStore.class, BatchedWrites.class}, // groups are visible
            (p, method, args) -> {
              String name = method.getName();
              if (name.equals("checkpointAll")) {
                @SuppressWarnings("unchecked")
                List<FencedCheckpoint> group = (List<FencedCheckpoint>) args[0];
                groups.add(group.size());
                Thread.sleep(commitMillis);
              }
              if (name.equals("checkpoint")) {
                Thread.sleep(commitMillis);
              }
              Object result = invoke(target, method, args);
              if (name.equals("checkpointAll")) {
                @SuppressWarnings("unchecked")
                List<FencedCheckpoint> group = (List<FencedCheckpoint>) args[0];
                group.forEach(c -> log.add("commit " + c.run().nodeId()));
              } else if (name.startsWith("update")
                  && ((ExecutionRecord) result).status().isFinal()) {
                ExecutionRecord ended = (ExecutionRecord) result;
                log.add(
                    "end "
                        + ended.status()
                        + " ("
                        + target.nodeRuns(ended.id()).size()
                        + " node runs)");
              }
              return result;
            });
  }

  /** Calls the method on an in-memory store; batched writes as they are composed for it. */
  @SuppressWarnings("unchecked")
  private static Object invoke(
      ExecutionStore target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == BatchedWrites.class) {
      return method.getName().equals("checkpointAll")
          ? BatchedWrites.checkpointAllOn(target, (List<FencedCheckpoint>) args[0])
          : BatchedWrites.beginOn(
              target,
              (dev.tyboo.execution.ExecutionId) args[0],
              (Long) args[1],
              (java.time.Instant) args[2],
              (Boolean) args[3]);
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Engine engine(CheckpointMode mode) {
    Storage memory = Storage.inMemory(Clock.system());
    return Engine.builder()
        .nodeType(step)
        .storage(new Storage(memory.workflows(), observed(memory.executions()), memory.queue()))
        .durableOptions(
            DurableOptions.builder()
                .pollInterval(Duration.ofMillis(10))
                .checkpointMode(mode)
                .build())
        .build();
  }

  private Workflow chain(int nodes) {
    WorkflowBuilder b = Workflow.named("chain" + nodes);
    for (int i = 1; i <= nodes; i++) {
      b.node("n" + i, NodeDefinition.of(step, Map.of()));
      if (i > 1) {
        b.connect("n" + (i - 1), "n" + i);
      }
    }
    return b.build();
  }

  @Test
  void synchronous_checkpoints_commit_before_successors_start_and_the_last_with_the_end() {
    try (Engine engine = engine(CheckpointMode.SYNCHRONOUS)) {
      Execution run = engine.start(chain(3), List.of(Item.empty()));

      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(log)
          .containsExactly(
              "start n1",
              "commit n1",
              "start n2",
              "commit n2",
              "start n3",
              "commit n3",
              "end SUCCEEDED (3 node runs)");
    }
  }

  @Test
  void asynchronous_checkpoints_let_successors_start_and_the_end_waits_for_all_of_them() {
    commitMillis = 50; // a slow disk: the chain outruns its checkpoints
    try (Engine engine = engine(CheckpointMode.ASYNCHRONOUS)) {
      Execution run = engine.start(chain(4), List.of(Item.empty()));

      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(log.indexOf("start n2"))
          .as("n2 started before n1's checkpoint was committed: %s", log)
          .isLessThan(log.indexOf("commit n1"));
      assertThat(log).last().isEqualTo("end SUCCEEDED (4 node runs)");
      assertThat(engine.executions().find(run.id()).orElseThrow().nodeRuns())
          .allSatisfy((id, r) -> assertThat(r.outputs()).containsKey("main"));
    }
  }

  @Test
  void checkpoints_of_concurrent_executions_share_commits() {
    commitMillis = 5; // while one group commits, the others queue up
    int executions = 40;
    try (Engine engine = engine(CheckpointMode.SYNCHRONOUS)) {
      Workflow chain = chain(5);
      List<Execution> runs = new ArrayList<>();
      for (int i = 0; i < executions; i++) {
        runs.add(engine.start(chain, List.of(Item.of(Map.of("i", i)))));
      }
      for (Execution run : runs) {
        assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.executions().find(run.id()).orElseThrow().nodeRuns()).hasSize(5);
      }
      int checkpoints = groups.stream().mapToInt(Integer::intValue).sum();
      assertThat(checkpoints).as("every node run, once").isEqualTo(executions * 5);
      assertThat(groups.size())
          .as("commits for %d checkpoints (group sizes %s)", checkpoints, groups)
          .isLessThan(checkpoints / 2);
    }
  }

  @Test
  void a_group_commit_that_fails_is_retried_alone_per_checkpoint() {
    AtomicInteger failures = new AtomicInteger(3);
    Storage memory = Storage.inMemory(Clock.system());
    ExecutionStore target = memory.executions();
    ExecutionStore failingGroups =
        (ExecutionStore)
            Proxy.newProxyInstance(
                ExecutionStore.class.getClassLoader(),
                new Class<?>[] {ExecutionStore.class, BatchedWrites.class},
                (p, method, args) -> {
                  if (method.getName().equals("checkpointAll") && failures.getAndDecrement() > 0) {
                    throw new dev.tyboo.error.StorageUnavailableException("connection reset", null);
                  }
                  return invoke(target, method, args);
                });
    try (Engine engine =
        Engine.builder()
            .nodeType(step)
            .storage(new Storage(memory.workflows(), failingGroups, memory.queue()))
            .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(10)).build())
            .build()) {
      Execution run = engine.start(chain(3), List.of(Item.empty()));

      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(target.nodeRuns(run.id())).hasSize(3);
      assertThat(log).containsExactly("start n1", "start n2", "start n3"); // none ran twice
    }
  }
}

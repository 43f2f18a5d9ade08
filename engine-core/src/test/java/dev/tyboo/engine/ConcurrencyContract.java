package dev.tyboo.engine;

import static dev.tyboo.testing.Passthrough.concat;
import static dev.tyboo.testing.Passthrough.identity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.NodeResult;
import dev.tyboo.testing.Eventually;
import dev.tyboo.testing.Storable;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrency within and across executions, cancel and shutdown, whatever keeps the executions:
 * every engine kind's test extends this class and hands it a builder of a fresh engine of that
 * kind.
 */
public abstract class ConcurrencyContract {

  /** {@return a builder of a fresh engine of the kind under test, with nothing else set} */
  protected abstract EngineBuilder newEngine();

  /**
   * {@return whether the kind keeps executions in storage: its shutdown hands running executions
   * back for a later claim instead of cancelling them}
   */
  protected boolean durable() {
    return false;
  }

  private static final Duration WAIT = Duration.ofSeconds(20);
  private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
  private Engine engine;

  @BeforeEach
  void buildEngine() {
    engine = newEngine().listener(events::add).build();
  }

  @AfterEach
  void close() {
    engine.shutdown(Duration.ofSeconds(5));
  }

  /** A node that signals it started, then sleeps (interruptibly). */
  private static NodeFunction sleeper(CountDownLatch started, long millis) {
    return ctx -> {
      started.countDown();
      Thread.sleep(millis);
      return NodeResult.of(ctx.input());
    };
  }

  @Test
  void should_run_independent_branches_at_the_same_time() {
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    Workflow wf =
        Workflow.named("overlap")
            .node("start", identity())
            .node(
                "left",
                ctx -> {
                  bothRunning.await(5, TimeUnit.SECONDS); // times out unless "right" runs meanwhile
                  return NodeResult.of(ctx.input());
                })
            .node(
                "right",
                ctx -> {
                  bothRunning.await(5, TimeUnit.SECONDS);
                  return NodeResult.of(ctx.input());
                })
            .connect("start", "left")
            .connect("start", "right")
            .build();

    assertThat(engine.run(Storable.of(wf), Item.listOf(Map.of())).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void should_never_run_more_nodes_at_once_than_the_engine_limit() {
    engine.close();
    engine = newEngine().maxRunningNodes(2).build();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    WorkflowBuilder b = Workflow.named("fan").node("start", identity());
    for (int i = 0; i < 8; i++) {
      b.node(
              "b" + i,
              ctx -> {
                highest.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(30);
                running.decrementAndGet();
                return NodeResult.of(ctx.input());
              })
          .connect("start", "b" + i);
    }

    Execution run = engine.run(Storable.of(b.build()), Item.listOf(Map.of()));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(highest.get()).isEqualTo(2);
  }

  @Test
  void should_queue_executions_over_the_workflow_limit_and_run_them_in_order() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<Integer> order = new CopyOnWriteArrayList<>();
    Workflow wf =
        Workflow.named("limited")
            .maxConcurrentExecutions(1)
            .node(
                "work",
                ctx -> {
                  order.add(((Number) ctx.input().get(0).get("n")).intValue());
                  gate.await();
                  return NodeResult.of(ctx.input());
                })
            .build();

    Execution first = engine.start(Storable.of(wf), Item.of(Map.of("n", 1)));
    Execution second = engine.start(Storable.of(wf), Item.of(Map.of("n", 2)));
    Execution third = engine.start(Storable.of(wf), Item.of(Map.of("n", 3)));

    List<Execution> all = List.of(first, second, third);
    Eventually.await(WAIT, () -> order.size() == 1, "one execution holds the place");
    if (durable()) { // claims race for the place: any one of the three may hold it
      Eventually.await(
          WAIT,
          () -> all.stream().filter(e -> e.status() == ExecutionStatus.RUNNING).count() == 1,
          "the one that holds it shows RUNNING");
      assertThat(all)
          .filteredOn(e -> e.status() == ExecutionStatus.QUEUED)
          .hasSize(2)
          .noneMatch(e -> e.id().equals(runningOne(all).id()));
    } else {
      assertThat(second.status()).isEqualTo(ExecutionStatus.QUEUED);
      assertThat(third.status()).isEqualTo(ExecutionStatus.QUEUED);
    }
    assertThat(order).hasSize(1); // the others wait for the place
    Eventually.await(
        WAIT,
        () -> events.stream().filter(ExecutionEvent.ExecutionQueued.class::isInstance).count() == 2,
        "two executions announced as queued");
    gate.countDown();
    for (Execution e : all) {
      assertThat(e.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
    if (durable()) { // claims race for the places on worker threads: no order is promised
      assertThat(order).containsExactlyInAnyOrder(1, 2, 3);
    } else {
      assertThat(order).containsExactly(1, 2, 3);
    }
  }

  private static Execution runningOne(List<Execution> all) {
    return all.stream()
        .filter(e -> e.status() == ExecutionStatus.RUNNING)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void should_cancel_a_queued_execution_without_running_it() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Workflow wf =
        Workflow.named("limited")
            .maxConcurrentExecutions(1)
            .node(
                "work",
                ctx -> {
                  runs.incrementAndGet();
                  gate.await();
                  return NodeResult.of(ctx.input());
                })
            .build();
    List<Execution> all =
        List.of(
            engine.start(Storable.of(wf)),
            engine.start(Storable.of(wf)),
            engine.start(Storable.of(wf)));
    Execution queued = all.get(1);
    if (durable()) { // claims race for the place: cancel one that lost it
      Eventually.await(WAIT, () -> runs.get() == 1, "one execution holds the place");
      Eventually.await(
          WAIT,
          () -> all.stream().filter(e -> e.status() == ExecutionStatus.RUNNING).count() == 1,
          "the one that holds it shows RUNNING");
      queued = all.stream().filter(e -> e != runningOne(all)).findFirst().orElseThrow();
    }

    assertThat(queued.cancel()).isTrue();
    assertThat(queued.await(WAIT)).isEqualTo(ExecutionStatus.CANCELLED);
    gate.countDown();

    for (Execution e : all) {
      if (e != queued) {
        assertThat(e.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
    }
    assertThat(runs).hasValue(2);
    assertThat(queued.nodeRun("work").status()).isEqualTo(NodeRunStatus.PENDING);
  }

  @Test
  void should_cancel_a_running_execution_by_interrupting_its_nodes() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Workflow wf =
        Workflow.named("long")
            .node("sleep", sleeper(started, 60_000))
            .node("after", identity())
            .connect("sleep", "after")
            .build();

    Execution run = engine.start(Storable.of(wf));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(run.cancel()).isTrue();

    assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(run.nodeRun("sleep").status()).isEqualTo(NodeRunStatus.CANCELLED);
    assertThat(run.nodeRun("after").status()).isEqualTo(NodeRunStatus.PENDING);
    assertThat(run.error()).isEmpty();
  }

  @Test
  void should_let_running_executions_finish_on_graceful_shutdown() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Workflow wf = Workflow.named("graceful").node("work", sleeper(started, 200)).build();
    Execution run = engine.start(Storable.of(wf));
    started.await(10, TimeUnit.SECONDS);

    assertThat(engine.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void should_cancel_what_outlives_the_grace_period() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Workflow wf = Workflow.named("stuck").node("work", sleeper(started, 60_000)).build();
    Execution run = engine.start(Storable.of(wf));
    started.await(10, TimeUnit.SECONDS);

    if (durable()) { // handed back, to run on after a restart or in another process
      assertThat(engine.shutdown(Duration.ofMillis(100))).isFalse();
      assertThat(run.status()).isEqualTo(ExecutionStatus.RUNNING);
    } else {
      assertThat(engine.shutdown(Duration.ofMillis(100))).isTrue();
      assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED);
    }
  }

  @Test
  void should_run_many_executions_concurrently_without_losing_any() {
    Workflow wf =
        Workflow.named("many")
            .node("start", identity())
            .node("a", ctx -> NodeResult.of(ctx.input().stream().map(i -> i.with("a", 1)).toList()))
            .node("b", ctx -> NodeResult.of(ctx.input().stream().map(i -> i.with("b", 2)).toList()))
            .node("join", concat("x", "y"))
            .connect("start", "a")
            .connect("start", "b")
            .connect("a", "main", "join", "x")
            .connect("b", "main", "join", "y")
            .build();

    Workflow storable = Storable.of(wf);
    List<Execution> runs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      runs.add(engine.start(storable, Item.of(Map.of("i", i))));
    }
    for (Execution run : runs) {
      assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(run.output("join")).hasSize(2);
    }
    assertThat(runs.stream().map(Execution::id).distinct()).hasSize(2_000);
    assertThat(engine.activeExecutions()).isZero();
  }
}

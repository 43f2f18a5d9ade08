package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.flow.ExecuteWorkflow;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.testing.Eventually;
import dev.tyboo.testing.Storable;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waits, resumes, cancels and sub-workflows, whatever keeps the executions: every engine kind's
 * test extends this class and hands it a builder of a fresh engine of that kind on the test clock.
 */
public abstract class WaitContract {

  /**
   * {@return a builder of a fresh engine of the kind under test on the clock, with nothing else
   * set}
   *
   * @param clock the engine's clock (and its storage's)
   */
  protected abstract EngineBuilder newEngine(Clock clock);

  /** {@return whether the kind keeps executions in storage: waits outlive its shutdown} */
  protected boolean durable() {
    return false;
  }

  private static final Duration AWAIT = Duration.ofSeconds(10);
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T12:00:00Z"));
  private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
  private Engine engine;

  @BeforeEach
  void buildEngine() {
    engine = newEngine(clock).listener(events::add).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private static Workflow approval() {
    return storable(
        Workflow.named("approval")
            .node("ask", Wait.forResume())
            .node("act", ctx -> NodeResult.of(ctx.input()))
            .connect("ask", "act")
            .build());
  }

  private static Workflow storable(Workflow wf) {
    return Storable.of(wf);
  }

  private static void waitFor(Execution run) {
    Eventually.await(AWAIT, () -> run.status() == ExecutionStatus.WAITING, run + " waits");
  }

  @Test
  void should_wait_three_days_of_test_time_in_milliseconds() throws Exception {
    Workflow wf =
        Workflow.named("reminder")
            .node("pause", Wait.forDuration(Duration.ofDays(3)))
            .node("after", ctx -> NodeResult.of(ctx.input()))
            .connect("pause", "after")
            .build();
    Execution run = engine.start(storable(wf), Item.of(Map.of("n", 1)));
    waitFor(run);
    assertThat(run.nodeRun("pause").status()).isEqualTo(NodeRunStatus.WAITING);
    assertThat(events).anyMatch(e -> e instanceof ExecutionEvent.ExecutionWaiting);

    clock.advance(Duration.ofDays(3));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("after")).extracting(Item::json).containsExactly(Map.of("n", 1));
  }

  @Test
  void should_resume_with_the_token_from_the_event_once() throws Exception {
    Execution run = engine.start(approval(), Item.of(Map.of("amount", 10)));
    waitFor(run);
    String token = run.resumeTokens().get("ask");
    assertThat(events)
        .filteredOn(e -> e instanceof ExecutionEvent.NodeWaiting)
        .extracting(e -> ((ExecutionEvent.NodeWaiting) e).resumeToken())
        .containsExactly(token);

    assertThatThrownBy(() -> engine.resume(token + "x", List.of()))
        .isInstanceOf(ResumeTokenException.class)
        .hasMessageNotContaining(token);
    engine.resume(token, List.of(Item.of(Map.of("approved", true))));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("act").get(0).json()).containsEntry("approved", true);
    assertThatThrownBy(() -> engine.resume(token, List.of()))
        .isInstanceOf(ResumeTokenException.class);
  }

  @Test
  void should_accept_a_token_as_soon_as_the_execution_shows_it() {
    for (int i = 0; i < 200; i++) {
      Execution run = engine.start(approval(), Item.listOf(Map.of("n", i)));
      Map<String, String> tokens = run.resumeTokens();
      while (tokens.isEmpty()) {
        Thread.onSpinWait();
        tokens = run.resumeTokens();
      }
      engine.resume(tokens.values().iterator().next(), Item.listOf(Map.of("approved", true)));
      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
  }

  @Test
  void should_cancel_a_waiting_execution() throws Exception {
    Execution run = engine.start(approval(), Item.empty());
    waitFor(run);
    String token = run.resumeTokens().get("ask");
    assertThat(run.cancel()).isTrue();
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(run.nodeRun("ask").status()).isEqualTo(NodeRunStatus.CANCELLED);
    assertThatThrownBy(() -> engine.resume(token, List.of()))
        .isInstanceOf(ResumeTokenException.class);
  }

  @Test
  void should_end_the_engine_at_once_when_only_waits_are_left() throws Exception {
    Execution run = engine.start(approval(), Item.empty());
    waitFor(run);
    long start = System.nanoTime();
    assertThat(engine.shutdown(Duration.ofSeconds(30))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    // in memory a wait cannot outlive the engine; a stored one waits for the next engine
    assertThat(run.status())
        .isEqualTo(durable() ? ExecutionStatus.WAITING : ExecutionStatus.CANCELLED);
  }

  @Test
  void should_run_a_deployed_sub_workflow_and_return_its_end_items() {
    engine.deploy(
        storable(
            Workflow.named("double")
                .node(
                    "x2",
                    ctx ->
                        NodeResult.of(
                            ctx.input().stream()
                                .map(i -> i.with("n", ((Number) i.json().get("n")).intValue() * 2))
                                .toList()))
                .build()));
    Workflow parent =
        Workflow.named("parent")
            .node("call", ExecuteWorkflow.named("double"))
            .node("after", ctx -> NodeResult.of(ctx.input()))
            .connect("call", "after")
            .build();
    Execution run = engine.start(storable(parent), Item.of(Map.of("n", 21)));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("after")).extracting(i -> i.json().get("n")).containsExactly(42);
  }

  // ---------------------------------------------------------------- suspensions and steps

  private final java.util.concurrent.atomic.AtomicInteger sideEffects =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A node that does a side effect once, then asks for two decisions, then reports. */
  private Workflow twoDecisions(Instant timeoutAt) {
    return storable(
        Workflow.named("decisions")
            .node(
                "agent",
                ctx -> {
                  Object effect =
                      ctx.steps().run("effect", () -> "done " + sideEffects.incrementAndGet());
                  for (String decision : List.of("first", "second")) {
                    if (!ctx.steps().contains(decision)) {
                      return NodeResult.suspend( // only the first decision has a due time
                          decision,
                          decision.equals("first") ? timeoutAt : null,
                          List.of(Item.of(Map.of("timedOut", true))));
                    }
                  }
                  return NodeResult.of(
                      List.of(
                          Item.of(
                              Map.of(
                                  "effect", effect,
                                  "first", ctx.steps().get("first").orElseThrow(),
                                  "second", ctx.steps().get("second").orElseThrow()))));
                })
            .node("after", ctx -> NodeResult.of(ctx.input()))
            .connect("agent", "after")
            .build());
  }

  private String tokenOnceWaiting(Execution run, String previous) {
    String[] token = new String[1];
    Eventually.await(
        AWAIT,
        () -> {
          token[0] = run.resumeTokens().get("agent");
          return run.status() == ExecutionStatus.WAITING
              && token[0] != null
              && !token[0].equals(previous);
        },
        run + " waits with a new token");
    return token[0];
  }

  @Test
  void should_run_a_suspended_node_again_with_its_steps_and_each_resume() throws Exception {
    Execution run = engine.start(twoDecisions(null), Item.of(Map.of("n", 1)));
    String first = tokenOnceWaiting(run, null);
    assertThat(run.nodeRun("agent").status()).isEqualTo(NodeRunStatus.WAITING);

    engine.resume(first, List.of(Item.of(Map.of("approved", true))));
    String second = tokenOnceWaiting(run, first);
    assertThatThrownBy(() -> engine.resume(first, List.of()))
        .as("a used token does not resume the next suspension")
        .isInstanceOf(ResumeTokenException.class);
    engine.resume(second, List.of(Item.of(Map.of("approved", false, "by", "ops"))));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("after").get(0).json())
        .containsEntry("effect", "done 1")
        .containsEntry("first", Map.of("items", List.of(Map.of("approved", true))))
        .containsEntry("second", Map.of("items", List.of(Map.of("approved", false, "by", "ops"))));
    assertThat(sideEffects).as("the recorded step is not done again").hasValue(1);
  }

  @Test
  void should_record_the_timeout_items_when_a_suspension_is_due() throws Exception {
    Execution run =
        engine.start(twoDecisions(clock.now().plus(Duration.ofHours(1))), Item.of(Map.of()));
    String first = tokenOnceWaiting(run, null);
    clock.advance(Duration.ofHours(2));
    String second = tokenOnceWaiting(run, first);
    engine.resume(second, List.of(Item.of(Map.of("approved", true))));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("after").get(0).json())
        .containsEntry("first", Map.of("items", List.of(Map.of("timedOut", true))))
        .containsEntry("second", Map.of("items", List.of(Map.of("approved", true))));
    assertThat(sideEffects).hasValue(1);
  }

  @Test
  void should_keep_a_node_memory_across_executions_each_entry_once() throws Exception {
    Workflow wf =
        storable(
            Workflow.named("remember")
                .node(
                    "chat",
                    ctx -> {
                      String said = String.valueOf(ctx.input().get(0).json().get("say"));
                      List<Object> before = ctx.memory().recent("conv-1", 10);
                      ctx.memory().append("conv-1", List.of(said));
                      if (ctx.attempt() == 1 && said.equals("retry me")) {
                        throw new dev.tyboo.error.RetryableNodeException("once more");
                      }
                      return NodeResult.of(List.of(Item.of(Map.of("before", before))));
                    },
                    n ->
                        n.retry(
                            dev.tyboo.workflow.RetryPolicy.builder()
                                .maxAttempts(2)
                                .backoff(Duration.ZERO, Duration.ZERO)
                                .jitter(0)
                                .build()))
                .build());
    for (String say : List.of("hello", "retry me", "bye")) {
      Execution run = engine.start(wf, Item.of(Map.of("say", say)));
      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
    Execution last = engine.start(wf, Item.of(Map.of("say", "again")));
    assertThat(last.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(last.output("chat").get(0).json().get("before"))
        .as("a retried attempt appended its entry once")
        .isEqualTo(List.of("hello", "retry me", "bye"));
  }

  @Test
  void should_run_sub_workflows_as_steps_one_after_another() throws Exception {
    engine.deploy(
        storable(
            Workflow.named("double")
                .node(
                    "x2",
                    ctx ->
                        NodeResult.of(
                            ctx.input().stream()
                                .map(i -> i.with("n", ((Number) i.json().get("n")).intValue() * 2))
                                .toList()))
                .build()));
    engine.deploy(
        storable(
            Workflow.named("boom")
                .node(
                    "fail",
                    ctx -> {
                      throw new dev.tyboo.error.NonRetryableNodeException("no luck");
                    })
                .build()));
    Workflow parent =
        storable(
            Workflow.named("steps")
                .node(
                    "agent",
                    ctx -> {
                      Map<String, Object> out = new java.util.LinkedHashMap<>();
                      List<List<Object>> calls =
                          List.of(
                              List.of("a", "double", 1),
                              List.of("b", "boom", 0),
                              List.of("c", "double", 5));
                      for (List<Object> call : calls) {
                        String step = (String) call.get(0);
                        if (!ctx.steps().contains(step)) {
                          ctx.flow()
                              .startSubWorkflow(
                                  (String) call.get(1),
                                  List.of(Item.of(Map.of("n", call.get(2)))),
                                  step);
                          return NodeResult.suspend(step, null, List.of());
                        }
                        out.put(step, ctx.steps().get(step).orElseThrow());
                      }
                      return NodeResult.of(List.of(Item.of(out)));
                    })
                .build());

    Execution run = engine.start(parent, Item.of(Map.of()));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> out = run.output("agent").get(0).json();
    assertThat(out.get("a")).isEqualTo(Map.of("items", List.of(Map.of("n", 2))));
    assertThat(out.get("c")).isEqualTo(Map.of("items", List.of(Map.of("n", 10))));
    assertThat(((Map<?, ?>) out.get("b")).get("items")).isEqualTo(List.of());
    assertThat(String.valueOf(((Map<?, ?>) out.get("b")).get("error"))).contains("no luck");
  }
}

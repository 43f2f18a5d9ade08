package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.flow.ExecuteWorkflow;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waits, resumes and sub-workflows in an engine without storage. */
class InMemoryWaitTest {

  private static final Duration AWAIT = Duration.ofSeconds(10);
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T12:00:00Z"));
  private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
  private final Engine engine = Engine.builder().clock(clock).listener(events::add).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static Workflow approval() {
    return Workflow.named("approval")
        .node("ask", Wait.forResume())
        .node("act", ctx -> NodeResult.of(ctx.input()))
        .connect("ask", "act")
        .build();
  }

  private static void waitFor(Execution run) throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (run.status() != ExecutionStatus.WAITING) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @Test
  void should_wait_three_days_of_test_time_in_milliseconds() throws Exception {
    Workflow wf =
        Workflow.named("reminder")
            .node("pause", Wait.forDuration(Duration.ofDays(3)))
            .node("after", ctx -> NodeResult.of(ctx.input()))
            .connect("pause", "after")
            .build();
    Execution run = engine.start(wf, Item.of(Map.of("n", 1)));
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
  void should_cancel_in_memory_waits_at_shutdown_without_spending_the_grace() throws Exception {
    Execution run = engine.start(approval(), Item.empty());
    waitFor(run);
    long start = System.nanoTime();
    assertThat(engine.shutdown(Duration.ofSeconds(30))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED);
  }

  @Test
  void should_run_a_deployed_sub_workflow_and_return_its_end_items() {
    engine.deploy(
        Workflow.named("double")
            .node(
                "x2",
                ctx ->
                    NodeResult.of(
                        ctx.input().stream()
                            .map(i -> i.with("n", ((Number) i.json().get("n")).intValue() * 2))
                            .toList()))
            .build());
    Workflow parent =
        Workflow.named("parent")
            .node("call", ExecuteWorkflow.named("double"))
            .node("after", ctx -> NodeResult.of(ctx.input()))
            .connect("call", "after")
            .build();
    Execution run = engine.start(parent, Item.of(Map.of("n", 21)));
    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("after")).extracting(i -> i.json().get("n")).containsExactly(42);
  }

  @Test
  void should_name_unknown_sub_workflows_and_refuse_store_operations() {
    Workflow parent = Workflow.named("parent").node("call", ExecuteWorkflow.named("nope")).build();
    Execution run = engine.run(parent, List.of(Item.empty()));
    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow().getMessage()).contains("'nope'");
    assertThatThrownBy(() -> engine.startDeployed("nope", List.of()))
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThatThrownBy(() -> engine.resumeFromFailure(ExecutionId.of("x")))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("storage(");
  }
}

package dev.tyboo.engine;

import static dev.tyboo.testing.Passthrough.identity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.error.NodeTimeoutException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.NodeResult;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.testing.Eventually;
import dev.tyboo.testing.Storable;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries, backoff and timeouts, whatever keeps the executions: every engine kind's test extends
 * this class and hands it a builder of a fresh engine of that kind on the given clock.
 */
public abstract class RetryAndTimeoutContract {

  /**
   * {@return a builder of a fresh engine of the kind under test on the clock, with nothing else
   * set}
   *
   * @param clock the engine's clock (and its storage's)
   */
  protected abstract EngineBuilder newEngine(Clock clock);

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Timers further out are an engine's housekeeping (a durable engine's lease renewals). */
  private static final Duration HORIZON = Duration.ofMinutes(1);

  private final ManualClock clock = ManualClock.at(T0);
  private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
  private Engine engine;

  @BeforeEach
  void buildEngine() {
    engine = newEngine(clock).listener(events::add).build();
  }

  @AfterEach
  void close() {
    engine.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void should_back_off_exponentially_on_the_test_clock() throws Exception {
    List<Instant> attemptTimes = new CopyOnWriteArrayList<>();
    Workflow wf =
        Workflow.named("flaky")
            .node(
                "call",
                ctx -> {
                  attemptTimes.add(ctx.clock().now());
                  if (ctx.attempt() < 4) {
                    throw new RetryableNodeException("503 from upstream");
                  }
                  return NodeResult.of(ctx.input());
                },
                n ->
                    n.retry(
                        RetryPolicy.builder()
                            .maxAttempts(4)
                            .backoff(Duration.ofMillis(100), Duration.ofMillis(250))
                            .jitter(0)
                            .build()))
            .build();

    Execution run = engine.start(Storable.of(wf));
    assertThat(clock.advanceToNextTimer(WAIT, HORIZON)).isEqualTo(Duration.ofMillis(100));
    assertThat(clock.advanceToNextTimer(WAIT, HORIZON)).isEqualTo(Duration.ofMillis(200));
    assertThat(clock.advanceToNextTimer(WAIT, HORIZON))
        .isEqualTo(Duration.ofMillis(250)); // capped at maxDelay

    assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(attemptTimes)
        .containsExactly(T0, T0.plusMillis(100), T0.plusMillis(300), T0.plusMillis(550));
    assertThat(run.nodeRun("call").attempts()).isEqualTo(4);
    assertThat(events)
        .filteredOn(ExecutionEvent.NodeRetrying.class::isInstance)
        .extracting(e -> ((ExecutionEvent.NodeRetrying) e).delay())
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
  }

  @Test
  void should_spread_delays_by_the_jitter() throws Exception {
    Workflow wf =
        Workflow.named("jitter")
            .node(
                "call",
                ctx -> {
                  throw new RetryableNodeException("busy");
                },
                n ->
                    n.retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .backoff(Duration.ofMillis(1000), Duration.ofMillis(1000))
                            .jitter(0.5)
                            .build()))
            .build();

    Execution run = engine.start(Storable.of(wf));
    Duration delay = clock.advanceToNextTimer(WAIT, HORIZON);

    assertThat(delay).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
    assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error())
        .get()
        .isInstanceOf(RetryableNodeException.class)
        .satisfies(e -> assertThat(e.attempt()).isEqualTo(2));
  }

  @Test
  void should_honour_retry_after_when_it_is_longer_than_the_backoff() throws Exception {
    Workflow wf =
        Workflow.named("ratelimited")
            .node(
                "call",
                ctx -> {
                  if (ctx.attempt() == 1) {
                    throw new RetryableNodeException("429", -1, Duration.ofSeconds(30), null);
                  }
                  return NodeResult.of(ctx.input());
                },
                n ->
                    n.retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                            .jitter(0)
                            .build()))
            .build();

    Execution run = engine.start(Storable.of(wf));

    assertThat(clock.advanceToNextTimer(WAIT, HORIZON)).isEqualTo(Duration.ofSeconds(30));
    assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void should_not_retry_non_retryable_failures_or_aborted_types() {
    AtomicInteger calls = new AtomicInteger();
    Workflow wf =
        Workflow.named("fatal")
            .node(
                "call",
                ctx -> {
                  calls.incrementAndGet();
                  throw new NonRetryableNodeException("401 unauthorized");
                },
                n -> n.retry(RetryPolicy.builder().maxAttempts(5).build()))
            .build();
    assertThat(engine.run(Storable.of(wf), List.of()).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(calls).hasValue(1);

    AtomicInteger aborted = new AtomicInteger();
    Workflow abort =
        Workflow.named("abort")
            .node(
                "call",
                ctx -> {
                  aborted.incrementAndGet();
                  throw new IllegalArgumentException("bad input");
                },
                n ->
                    n.retry(
                        RetryPolicy.builder()
                            .maxAttempts(5)
                            .retryOnAnyFailure()
                            .abortOn(IllegalArgumentException.class)
                            .build()))
            .build();
    assertThat(engine.run(Storable.of(abort), List.of()).status())
        .isEqualTo(ExecutionStatus.FAILED);
    assertThat(aborted).hasValue(1);
  }

  @Test
  void should_take_the_most_specific_retry_policy() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Engine withDefault =
        newEngine(clock)
            .retryPolicy(RetryPolicy.builder().maxAttempts(5).fixedDelay(Duration.ZERO).build())
            .build()) {
      Workflow wf =
          Workflow.named("levels")
              .retry(RetryPolicy.builder().maxAttempts(3).fixedDelay(Duration.ZERO).build())
              .node(
                  "call",
                  ctx -> {
                    calls.incrementAndGet();
                    throw new java.io.IOException("reset");
                  })
              .build();
      assertThat(withDefault.run(Storable.of(wf), List.of()).status())
          .isEqualTo(ExecutionStatus.FAILED);
      assertThat(calls).hasValue(3); // the workflow's policy beats the engine's
    }
  }

  @Test
  void should_time_out_a_blocked_node_and_retry_it() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch blocked = new CountDownLatch(1);
    Workflow wf =
        Workflow.named("slow")
            .node(
                "call",
                ctx -> {
                  calls.incrementAndGet();
                  if (ctx.attempt() == 1) {
                    blocked.countDown();
                    try {
                      Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                      interrupted.set(true);
                      throw e;
                    }
                  }
                  return NodeResult.of(ctx.input());
                },
                n ->
                    n.timeout(Duration.ofSeconds(5))
                        .retry(
                            RetryPolicy.builder().maxAttempts(2).fixedDelay(Duration.ZERO).build()))
            .build();

    Execution run = engine.start(Storable.of(wf));
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(clock.advanceToNextTimer(WAIT, HORIZON))
        .isEqualTo(Duration.ofSeconds(5)); // the watchdog fires

    assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(calls).hasValue(2);
    // the abandoned first attempt sees its interrupt on its own thread
    Eventually.await(WAIT, interrupted::get, "the timed-out attempt is interrupted");
    assertThat(events)
        .filteredOn(ExecutionEvent.NodeRetrying.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((ExecutionEvent.NodeRetrying) e).error())
                    .isInstanceOf(NodeTimeoutException.class));
  }

  @Test
  void should_time_out_a_node_that_ignores_interrupts_without_waiting_for_it() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Workflow wf =
        Workflow.named("stubborn")
            .node(
                "spin",
                ctx -> {
                  while (release.getCount() > 0) {
                    Thread.onSpinWait(); // ignores interrupts
                  }
                  return NodeResult.of(ctx.input());
                },
                n -> n.timeout(Duration.ofSeconds(1)))
            .node("after", identity())
            .connect("spin", "after")
            .build();

    Execution run = engine.start(Storable.of(wf));
    clock.advanceToNextTimer(WAIT, HORIZON);

    assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error()).get().isInstanceOf(NodeTimeoutException.class);
    release.countDown(); // the late return is discarded
    TimeUnit.MILLISECONDS.sleep(50);
    assertThat(run.nodeRun("after").status()).isEqualTo(NodeRunStatus.PENDING);
    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void should_cancel_a_scheduled_retry() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Workflow wf =
        Workflow.named("cancelRetry")
            .node(
                "call",
                ctx -> {
                  calls.incrementAndGet();
                  throw new RetryableNodeException("down");
                },
                n ->
                    n.retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .fixedDelay(Duration.ofHours(1))
                            .build()))
            .build();

    Execution run = engine.start(Storable.of(wf));
    // the retry's timer, about an hour out (with jitter); a durable engine's renewals come sooner
    Eventually.await(
        WAIT,
        () ->
            clock.scheduledTimes().stream()
                .anyMatch(t -> t.isAfter(T0.plus(Duration.ofMinutes(30)))),
        "the retry is scheduled");
    assertThat(run.cancel()).isTrue();

    assertThat(run.await(WAIT)).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(run.nodeRun("call").status()).isEqualTo(NodeRunStatus.CANCELLED);
    clock.advance(Duration.ofHours(2));
    assertThat(calls).hasValue(1);
    assertThat(run.cancel()).isFalse();
  }
}

package dev.tyboo.nodes.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.spi.schedule.ScheduleLedger;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.workflow.InlineNode;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:30Z");

  private final ManualClock clock = ManualClock.at(T0);
  private final Engine engine =
      Engine.builder().clock(clock).discoverNodeTypes(SchedulerTest.class.getClassLoader()).build();
  private final BlockingQueue<Item> fired = new LinkedBlockingQueue<>();

  @AfterEach
  void close() {
    engine.close();
  }

  private Workflow scheduled(String name, NodeDefinition trigger) {
    return Workflow.named(name)
        .node("tick", trigger)
        .node(
            "record",
            InlineNode.of(
                ctx -> {
                  fired.addAll(ctx.input());
                  return NodeResult.of(ctx.input());
                }))
        .connect("tick", "record")
        .build();
  }

  private List<Object> firedTimes(int expected) throws InterruptedException {
    List<Object> times = new java.util.ArrayList<>();
    for (int i = 0; i < expected; i++) {
      Item item = fired.poll(10, TimeUnit.SECONDS);
      assertThat(item).as("fire " + (i + 1) + " of " + expected).isNotNull();
      times.add(item.get("scheduledFor"));
    }
    assertThat(fired.poll(100, TimeUnit.MILLISECONDS)).as("no further fire").isNull();
    return times;
  }

  @Test
  void fires_when_due_once_per_fire_time_with_the_fire_item() throws Exception {
    Scheduler scheduler = Scheduler.builder(engine).build();
    assertThat(
            scheduler.register(
                scheduled("every-minute", ScheduleTrigger.every(Duration.ofMinutes(1)))))
        .isEqualTo("every PT1M");
    assertThat(scheduler.nextFire("every-minute")).contains(Instant.parse("2026-11-26T10:01:00Z"));

    clock.advance(Duration.ofSeconds(29));
    assertThat(scheduler.runDue()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(scheduler.runDue()).isEqualTo(1);
    assertThat(scheduler.runDue()).isZero();

    Item item = fired.poll(10, TimeUnit.SECONDS);
    assertThat(item.json())
        .containsEntry("scheduledFor", "2026-11-26T10:01:00Z")
        .containsEntry("firedAt", "2026-11-26T10:01:00Z")
        .containsEntry("timeZone", "UTC")
        .containsEntry("localTime", "2026-11-26T10:01")
        .containsEntry("missed", false);
  }

  @Test
  void a_cron_schedule_fires_in_its_time_zone() throws Exception {
    Scheduler scheduler = Scheduler.builder(engine).build();
    scheduler.register(scheduled("paris", ScheduleTrigger.cron("0 12 * * *", "Europe/Paris")));

    clock.advance(Duration.between(T0, Instant.parse("2026-11-26T11:00:00Z")));
    assertThat(scheduler.runDue()).isEqualTo(1);

    Item item = fired.poll(10, TimeUnit.SECONDS);
    assertThat(item.json())
        .containsEntry("scheduledFor", "2026-11-26T11:00:00Z")
        .containsEntry("localTime", "2026-11-26T12:00")
        .containsEntry("timeZone", "Europe/Paris");
  }

  private Scheduler restartedAt(Instant now, ScheduleLedger ledger, String policy, int maxMissed) {
    clock.advance(Duration.between(clock.now(), now));
    Scheduler s = Scheduler.builder(engine).ledger(ledger).maxMissedFires(maxMissed).build();
    s.register(
        scheduled(
            "minutely",
            ScheduleTrigger.withMissedFires(ScheduleTrigger.every(Duration.ofMinutes(1)), policy)));
    return s;
  }

  private ScheduleLedger ledgerThatFiredAt(String lastFire) {
    ScheduleLedger ledger = ScheduleLedger.inMemory();
    ledger.claim("minutely/tick", Instant.parse(lastFire), () -> {});
    return ledger;
  }

  @Test
  void missed_fires_are_skipped_by_default_after_downtime() throws Exception {
    Scheduler s =
        restartedAt(
            Instant.parse("2026-11-26T10:10:30Z"),
            ledgerThatFiredAt("2026-11-26T10:01:00Z"),
            "skip",
            100);

    assertThat(s.runDue()).isEqualTo(1); // only 10:10, late by 30 s: within the threshold
    assertThat(firedTimes(1)).containsExactly("2026-11-26T10:10:00Z");
    assertThat(s.nextFire("minutely")).contains(Instant.parse("2026-11-26T10:11:00Z"));
  }

  @Test
  void missed_fires_can_fire_once_late_or_each_up_to_a_limit() throws Exception {
    Scheduler once =
        restartedAt(
            Instant.parse("2026-11-26T10:10:30Z"),
            ledgerThatFiredAt("2026-11-26T10:01:00Z"),
            "fireOnce",
            100);
    assertThat(once.runDue()).isEqualTo(2);
    assertThat(firedTimes(2))
        .containsExactlyInAnyOrder("2026-11-26T10:09:00Z", "2026-11-26T10:10:00Z");

    Scheduler all =
        restartedAt(
            Instant.parse("2026-11-26T10:20:30Z"),
            ledgerThatFiredAt("2026-11-26T10:11:00Z"),
            "fireAll",
            100);
    assertThat(all.runDue()).isEqualTo(9); // 10:12 .. 10:19 missed, 10:20 on time
    List<Object> times = firedTimes(9);
    assertThat(times)
        .contains("2026-11-26T10:12:00Z", "2026-11-26T10:19:00Z", "2026-11-26T10:20:00Z");

    Scheduler capped =
        restartedAt(
            Instant.parse("2026-11-26T10:40:30Z"),
            ledgerThatFiredAt("2026-11-26T10:21:00Z"),
            "fireAll",
            3);
    assertThat(capped.runDue()).isEqualTo(4); // the oldest 3 missed and 10:40
    assertThat(firedTimes(4))
        .containsExactlyInAnyOrder(
            "2026-11-26T10:22:00Z",
            "2026-11-26T10:23:00Z",
            "2026-11-26T10:24:00Z",
            "2026-11-26T10:40:00Z");
  }

  @Test
  void a_late_fire_item_says_it_is_late() throws Exception {
    Scheduler once =
        restartedAt(
            Instant.parse("2026-11-26T10:10:30Z"),
            ledgerThatFiredAt("2026-11-26T10:01:00Z"),
            "fireOnce",
            100);
    once.runDue();
    List<Item> items = List.of(fired.poll(10, TimeUnit.SECONDS), fired.poll(10, TimeUnit.SECONDS));
    assertThat(items)
        .anySatisfy(
            i ->
                assertThat(i.json())
                    .containsEntry("scheduledFor", "2026-11-26T10:09:00Z")
                    .containsEntry("missed", true))
        .anySatisfy(
            i ->
                assertThat(i.json())
                    .containsEntry("scheduledFor", "2026-11-26T10:10:00Z")
                    .containsEntry("missed", false));
  }

  @Test
  void schedulers_sharing_a_ledger_fire_each_time_once() throws Exception {
    ScheduleLedger ledger = ScheduleLedger.inMemory();
    Scheduler a = Scheduler.builder(engine).ledger(ledger).build();
    Scheduler b = Scheduler.builder(engine).ledger(ledger).build();
    Workflow wf = scheduled("shared", ScheduleTrigger.every(Duration.ofSeconds(10)));
    a.register(wf);
    b.register(wf);

    int started = 0;
    for (int i = 0; i < 30; i++) {
      clock.advance(Duration.ofSeconds(5));
      started += (i % 2 == 0) ? a.runDue() + b.runDue() : b.runDue() + a.runDue();
    }

    assertThat(started).isEqualTo(15); // 150 s of 10 s fires
    List<Object> times = firedTimes(15);
    assertThat(times).doesNotHaveDuplicates();
  }

  @Test
  void registration_refuses_workflows_without_exactly_one_schedule_trigger() {
    Scheduler scheduler = Scheduler.builder(engine).build();
    assertThatThrownBy(
            () -> scheduler.register(Workflow.named("none").node("a", NoOp.node()).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no Schedule trigger");
    assertThatThrownBy(
            () ->
                scheduler.register(
                    Workflow.named("two")
                        .node("tick", ScheduleTrigger.every(Duration.ofMinutes(1)))
                        .node("manual", ManualTrigger.node())
                        .build()))
        .hasMessageContaining("several triggers [tick, manual]");
    assertThat(scheduler.unregister("none")).isFalse();
  }

  @Test
  void bad_schedules_fail_the_build_with_their_paths() {
    assertThatThrownBy(
            () ->
                engine.readWorkflow(
                    """
                    {"name": "bad", "nodes": [
                      {"id": "a", "type": "scheduleTrigger", "parameters": {"cron": "0 25 * * *"}},
                      {"id": "b", "type": "scheduleTrigger", "parameters": {"every": "PT1M", "timeZone": "Nowhere/Land"}},
                      {"id": "c", "type": "scheduleTrigger", "parameters": {"cron": "{{ $vars.cron }}"}},
                      {"id": "d", "type": "scheduleTrigger", "parameters": {"missedFires": "later", "every": "PT1M"}}]}
                    """))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.cron")
        .hasMessageContaining("25")
        .hasMessageContaining("$.nodes[1].parameters.timeZone")
        .hasMessageContaining("$.nodes[2].parameters.cron")
        .hasMessageContaining("must be a literal value")
        .hasMessageContaining("$.nodes[3].parameters.missedFires");
  }

  @Test
  void started_by_hand_it_emits_one_item_for_now() {
    Execution run =
        engine.run(
            Workflow.named("by-hand")
                .node("tick", ScheduleTrigger.cron("0 2 * * *", "Asia/Tokyo"))
                .build(),
            List.of());

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("tick").get(0).json())
        .containsEntry("scheduledFor", T0.toString())
        .containsEntry("localTime", "2026-11-26T19:00:30")
        .containsEntry("missed", false);
  }

  @Test
  void the_background_thread_fires_on_the_system_clock_until_closed() throws Exception {
    List<String> started = new CopyOnWriteArrayList<>();
    try (Engine live =
            Engine.builder()
                .discoverNodeTypes(SchedulerTest.class.getClassLoader())
                .listener(
                    e -> {
                      if (e instanceof dev.tyboo.execution.ExecutionEvent.ExecutionStarted s) {
                        started.add(s.workflowName());
                      }
                    })
                .build();
        Scheduler scheduler =
            Scheduler.builder(live).pollInterval(Duration.ofMillis(200)).build()) {
      scheduler.register(
          Workflow.named("every-second")
              .node("tick", ScheduleTrigger.every(Duration.ofSeconds(1)))
              .node("done", NoOp.node())
              .connect("tick", "done")
              .build());
      scheduler.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (started.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(started).hasSizeGreaterThanOrEqualTo(2);
      scheduler.close();
      int afterClose = started.size();
      Thread.sleep(1500);
      assertThat(started).hasSize(afterClose);
      assertThatThrownBy(scheduler::start).isInstanceOf(IllegalStateException.class);
    }
  }
}

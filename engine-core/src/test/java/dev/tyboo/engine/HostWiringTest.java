package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a host wires into an engine: its threads and its clock. */
class HostWiringTest {

  @Test
  void nodes_run_on_the_threads_of_the_hosts_factory() {
    AtomicInteger made = new AtomicInteger();
    ThreadFactory host =
        r -> {
          Thread t = Thread.ofPlatform().name("host-worker-" + made.incrementAndGet()).unstarted(r);
          t.setDaemon(true);
          return t;
        };
    try (Engine engine = Engine.builder().threadFactory(host).build()) {
      Workflow wf =
          Workflow.named("where")
              .node(
                  "a",
                  ctx ->
                      NodeResult.mapItems(
                          ctx, (item, i) -> item.with("a", Thread.currentThread().getName())))
              .node(
                  "b",
                  ctx ->
                      NodeResult.mapItems(
                          ctx, (item, i) -> item.with("b", Thread.currentThread().getName())))
              .build();

      Execution run = engine.start(wf, Item.listOf(Map.of()));

      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(List.of(run.output("a").getFirst().get("a"), run.output("b").getFirst().get("b")))
          .allSatisfy(name -> assertThat((String) name).startsWith("host-worker-"));
      assertThat(made).hasPositiveValue();
    }
  }

  @Test
  void the_engine_reads_the_time_from_the_hosts_java_time_clock() {
    Instant noon = Instant.parse("2026-12-24T12:00:00Z");
    try (Engine engine =
        Engine.builder().clock(java.time.Clock.fixed(noon, ZoneOffset.UTC)).build()) {
      Execution run =
          engine.run(
              Workflow.named("when")
                  .node(
                      "now",
                      ctx ->
                          NodeResult.mapItems(
                              ctx, (item, i) -> item.with("now", ctx.clock().now().toString())))
                  .build(),
              Item.listOf(Map.of()));

      assertThat(run.output("now").getFirst().get("now")).isEqualTo(noon.toString());
      assertThat(run.createdAt()).isEqualTo(noon);
    }
  }
}

package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
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
}

package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A submit-only engine starts and watches executions; only engines that claim work run them. */
class SubmitOnlyEngineTest {

  private static NodeType counting(AtomicInteger runs) {
    NodeDescriptor descriptor = NodeDescriptor.builder("test.counted").build();
    return new NodeType() {
      @Override
      public NodeDescriptor descriptor() {
        return descriptor;
      }

      @Override
      public NodeResult execute(NodeContext ctx) {
        runs.incrementAndGet();
        return NodeResult.of(ctx.input());
      }
    };
  }

  @Test
  void a_submit_only_engine_never_runs_work_and_sees_the_ends_that_workers_reach()
      throws Exception {
    Storage storage = Storage.inMemory(Clock.system());
    AtomicInteger frontRuns = new AtomicInteger();
    AtomicInteger workerRuns = new AtomicInteger();
    NodeType front = counting(frontRuns);
    Workflow wf = Workflow.named("counted").node("n", NodeDefinition.of(front, Map.of())).build();
    try (Engine web =
        Engine.builder()
            .storage(storage)
            .nodeType(front)
            .durableOptions(
                DurableOptions.builder().pollInterval(Duration.ofMillis(5)).submitOnly().build())
            .build()) {
      List<Execution> runs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        runs.add(web.start(wf, List.of(Item.of(Map.of("i", i)))));
      }
      Thread.sleep(200); // several polls: nothing may run yet
      assertThat(runs).allSatisfy(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.QUEUED));

      try (Engine worker =
          Engine.builder()
              .storage(storage)
              .nodeType(counting(workerRuns))
              .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(5)).build())
              .build()) {
        for (Execution run : runs) {
          assertThat(run.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
      }
    }
    assertThat(frontRuns).hasValue(0);
    assertThat(workerRuns).hasValue(10);
  }
}

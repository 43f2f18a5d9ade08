package dev.tyboo.testkit.spi.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.telemetry.Telemetry;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Telemetry} must do: never change what executions do (results, statuses,
 * retries, waits), stand concurrent runs, and hand nodes trace headers in W3C form or none. An
 * implementation's test extends this class.
 */
public abstract class TelemetryContract {

  /** For subclasses, which supply the implementation under test. */
  protected TelemetryContract() {}

  /** {@return a fresh telemetry to test} */
  protected abstract Telemetry createTelemetry();

  private final ConcurrentLinkedQueue<Map<String, String>> headers = new ConcurrentLinkedQueue<>();

  private final NodeType flaky =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("contract.flaky").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          headers.add(ctx.traceHeaders());
          if (ctx.attempt() == 1) {
            throw new RetryableNodeException("busy");
          }
          if (Boolean.TRUE.equals(ctx.input().getFirst().get("fail"))) {
            throw new NonRetryableNodeException("refused");
          }
          return NodeResult.of(ctx.input());
        }
      };

  private Engine engine(Telemetry telemetry, boolean durable) {
    EngineBuilder b =
        Engine.builder()
            .nodeType(flaky)
            .retryPolicy(
                RetryPolicy.builder().maxAttempts(2).backoff(Duration.ZERO, Duration.ZERO).build());
    if (telemetry != null) {
      b.telemetry(telemetry);
    }
    if (durable) {
      b.storage(Storage.inMemory(Clock.system()));
    }
    return b.build();
  }

  private List<String> outcomes(Engine engine) {
    Workflow wf =
        Workflow.named("contract")
            .node("a", NodeDefinition.of(flaky, Map.of()))
            .node("b", NodeDefinition.of(flaky, Map.of()))
            .connect("a", "b")
            .build();
    Workflow waits = Workflow.named("waits").node("w", Wait.forResume()).build();
    List<String> seen = new ArrayList<>();
    Execution ok = engine.start(wf, Item.listOf(Map.of("fail", false)));
    Execution failed = engine.start(wf, Item.listOf(Map.of("fail", true)));
    Execution waiting = engine.start(waits, List.of(Item.empty()));
    seen.add(ok.await(Duration.ofSeconds(10)) + " " + ok.nodeRuns().get("b").outputs());
    seen.add(failed.await(Duration.ofSeconds(10)) + " " + failed.error().orElseThrow().detail());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (waiting.resumeTokens().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    engine.resume(waiting.resumeTokens().get("w"), Item.listOf(Map.of("ok", true)));
    seen.add(waiting.await(Duration.ofSeconds(10)) + " " + waiting.nodeRuns().get("w").outputs());
    return seen;
  }

  @Test
  void executions_do_the_same_with_and_without_it_in_memory_and_durably() {
    for (boolean durable : new boolean[] {false, true}) {
      List<String> plain;
      List<String> traced;
      try (Engine e = engine(null, durable)) {
        plain = outcomes(e);
      }
      try (Engine e = engine(createTelemetry(), durable)) {
        traced = outcomes(e);
      }
      assertThat(traced).isEqualTo(plain);
      assertThat(plain.getFirst()).startsWith(ExecutionStatus.SUCCEEDED.name());
    }
  }

  @Test
  void concurrent_runs_are_traced_without_errors_and_headers_are_w3c_or_absent() {
    try (Engine e = engine(createTelemetry(), false)) {
      Workflow wf = Workflow.named("many").node("a", NodeDefinition.of(flaky, Map.of())).build();
      List<Execution> runs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        runs.add(e.start(wf, Item.listOf(Map.of("fail", false))));
      }
      for (Execution run : runs) {
        assertThat(run.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
    }
    assertThat(headers).hasSizeGreaterThanOrEqualTo(400);
    for (Map<String, String> h : headers) {
      assertThat(h.keySet()).isSubsetOf("traceparent", "tracestate");
      if (h.containsKey("traceparent")) {
        assertThat(h.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
      }
    }
  }
}

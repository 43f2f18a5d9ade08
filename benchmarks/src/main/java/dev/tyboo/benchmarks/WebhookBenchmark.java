package dev.tyboo.benchmarks;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.nodes.CoreNodes;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.webhook.Webhook;
import dev.tyboo.nodes.webhook.WebhookDispatcher;
import dev.tyboo.nodes.webhook.WebhookRequest;
import dev.tyboo.nodes.webhook.WebhookResponse;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A webhook request answered by a workflow of a Webhook trigger and {@value #NODES} No-Op nodes, in
 * memory, in the {@code lastNode} mode: the answer waits for the execution and carries the last
 * node's item (the budget's case: request to response; node runs are recorded, as the answer needs
 * them). One operation: build the request (headers, a small JSON body), {@code dispatch}, wait for
 * the answer. No HTTP transport is included: that is the host's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class WebhookBenchmark {

  /** No-Op nodes after the trigger. */
  public static final int NODES = 10;

  private static final byte[] BODY =
      "{\"orderId\": 42, \"total\": 120.5, \"customer\": {\"email\": \"ana@example.com\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private Engine engine;
  private WebhookDispatcher webhooks;

  @Setup(Level.Trial)
  public void setUp() {
    EngineBuilder b = Engine.builder();
    CoreNodes.all().forEach(b::nodeType);
    engine = b.build();
    webhooks = WebhookDispatcher.builder(engine).build();
    webhooks.register(workflow("last", Webhook.ResponseMode.LAST_NODE));
    check(lastNode());
  }

  static Workflow workflow(String path, Webhook.ResponseMode mode) {
    WorkflowBuilder b =
        Workflow.named(path).node("hook", Webhook.builder(path).responseMode(mode).build());
    String previous = "hook";
    for (int i = 0; i < NODES; i++) {
      b.node("n" + i, NoOp.node()).connect(previous, "n" + i);
      previous = "n" + i;
    }
    return b.build();
  }

  private static void check(WebhookResponse r) {
    if (r.status() != 200) {
      throw new IllegalStateException("benchmark webhook answered " + r + ": " + r.bodyText());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  private static WebhookRequest request(String path) {
    return new WebhookRequest(
        "POST",
        path,
        Map.of("Content-Type", List.of("application/json"), "X-Request-Id", List.of("r-1")),
        Map.of(),
        new ByteArrayInputStream(BODY));
  }

  /** Request in, the last No-Op's item out as JSON. */
  @Benchmark
  public WebhookResponse lastNode() {
    return webhooks.dispatch(request("last")).join();
  }
}

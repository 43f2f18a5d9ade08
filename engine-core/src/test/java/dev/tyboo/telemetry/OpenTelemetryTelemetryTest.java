package dev.tyboo.telemetry;

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
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.Eventually;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans and metrics of a branching workflow with a retried node and a failing one, captured with
 * the OpenTelemetry SDK's in-memory exporters.
 */
class OpenTelemetryTelemetryTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final Map<String, Map<String, String>> headersSeen = new ConcurrentHashMap<>();

  /** Fails its first attempt (retryable), then passes its items on and notes its trace headers. */
  private final NodeType flaky =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.flaky").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          if (ctx.attempt() == 1) {
            throw new RetryableNodeException("busy");
          }
          headersSeen.put("flaky", ctx.traceHeaders());
          return NodeResult.of(ctx.input());
        }
      };

  private static final NodeType BOOM =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.boom").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          throw new NonRetryableNodeException("the payment was refused");
        }
      };

  private Engine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    otel.close();
  }

  private Engine engine(OpenTelemetryTelemetry telemetry, Storage storage) {
    EngineBuilder b =
        Engine.builder()
            .telemetry(telemetry)
            .nodeTypes(TestNodes.registry())
            .nodeType(flaky)
            .nodeType(BOOM)
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .backoff(Duration.ZERO, Duration.ZERO)
                    .jitter(0)
                    .build());
    if (storage != null) {
      b.storage(storage);
    }
    engine = b.build();
    return engine;
  }

  private SpanData span(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + names()));
  }

  private List<String> names() {
    return spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  private Optional<MetricData> metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  private static long sum(MetricData m, AttributeKey<String> key, String value) {
    return m.getLongSumData().getPoints().stream()
        .filter(p -> value.equals(p.getAttributes().get(key)))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  @Test
  void a_branching_run_with_a_retry_and_a_failure_is_traced_and_counted() {
    Engine e = engine(OpenTelemetryTelemetry.create(otel), null);
    Workflow wf =
        Workflow.named("checkout")
            .node("flaky", NodeDefinition.of(flaky, Map.of()))
            .node("route", TestNodes.route("{{ $json.n == 0 }}"))
            .node("charge", NodeDefinition.of(BOOM, Map.of()))
            .node("receipt", TestNodes.set("receipt", true))
            .connect("flaky", "route")
            .connect("route", "true", "charge")
            .connect("route", "false", "receipt")
            .build();
    Map<String, Object> headers =
        Map.of("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");

    Execution run =
        e.run(
            wf,
            List.of(
                Item.of(Map.of("n", 0, "headers", headers)),
                Item.of(Map.of("n", 1, "headers", headers))));

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    SpanData execution = span("execution checkout");
    assertThat(execution.getTraceId()).isEqualTo(TRACE_ID); // continues the caller's trace
    assertThat(execution.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(execution.getAttributes().get(OpenTelemetryTelemetry.EXECUTION_ID))
        .isEqualTo(run.id().value());
    assertThat(execution.getAttributes().get(OpenTelemetryTelemetry.WORKFLOW))
        .isEqualTo("checkout");
    assertThat(execution.getAttributes().get(OpenTelemetryTelemetry.EXECUTION_STATUS))
        .isEqualTo("FAILED");
    assertThat(execution.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

    List<SpanData> flakySpans =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("node flaky"))
            .toList();
    assertThat(flakySpans)
        .extracting(s -> s.getAttributes().get(OpenTelemetryTelemetry.ATTEMPT))
        .containsExactlyInAnyOrder(1L, 2L);
    SpanData firstTry =
        flakySpans.stream()
            .filter(s -> s.getAttributes().get(OpenTelemetryTelemetry.ATTEMPT) == 1L)
            .findFirst()
            .orElseThrow();
    assertThat(firstTry.getAttributes().get(OpenTelemetryTelemetry.WILL_RETRY)).isTrue();
    assertThat(firstTry.getAttributes().get(OpenTelemetryTelemetry.NODE_STATUS))
        .isEqualTo("FAILED");
    assertThat(firstTry.getEvents()).anyMatch(ev -> ev.getName().equals("exception"));
    SpanData secondTry = flakySpans.stream().filter(s -> s != firstTry).findFirst().orElseThrow();
    assertThat(secondTry.getAttributes().get(OpenTelemetryTelemetry.ITEMS_IN)).isEqualTo(2L);
    assertThat(secondTry.getAttributes().get(OpenTelemetryTelemetry.ITEMS_OUT)).isEqualTo(2L);
    assertThat(secondTry.getAttributes().get(OpenTelemetryTelemetry.NODE_TYPE))
        .isEqualTo("test.flaky");
    SpanData route = span("node route");
    SpanData charge = span("node charge");
    for (SpanData node : List.of(firstTry, secondTry, route, charge)) {
      assertThat(node.getParentSpanId()).isEqualTo(execution.getSpanId());
      assertThat(node.getTraceId()).isEqualTo(TRACE_ID);
    }
    assertThat(charge.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(charge.getStatus().getDescription()).contains("the payment was refused");
    // what a node sends on (the HTTP Request node puts it on its calls): its own span
    assertThat(headersSeen.get("flaky"))
        .containsEntry("traceparent", "00-" + TRACE_ID + "-" + secondTry.getSpanId() + "-01");

    MetricData retries = metric("tyboo.node.retries").orElseThrow();
    assertThat(sum(retries, OpenTelemetryTelemetry.NODE_TYPE, "test.flaky")).isEqualTo(1);
    MetricData finished = metric("tyboo.executions.finished").orElseThrow();
    assertThat(sum(finished, OpenTelemetryTelemetry.EXECUTION_STATUS, "FAILED")).isEqualTo(1);
    assertThat(
            sum(
                metric("tyboo.executions.started").orElseThrow(),
                OpenTelemetryTelemetry.WORKFLOW,
                "checkout"))
        .isEqualTo(1);
    MetricData duration = metric("tyboo.node.duration").orElseThrow();
    assertThat(duration.getHistogramData().getPoints())
        .anySatisfy(
            p -> {
              assertThat(p.getAttributes().get(OpenTelemetryTelemetry.NODE_TYPE))
                  .isEqualTo("test.flaky");
              assertThat(p.getAttributes().get(OpenTelemetryTelemetry.NODE_STATUS))
                  .isEqualTo("SUCCEEDED");
              assertThat(p.getCount()).isEqualTo(1);
            });
    assertThat(metric("tyboo.dead_letters.added")).isEmpty(); // not durable
  }

  @Test
  void a_durable_engine_reports_queue_waiting_and_dead_letter_gauges_and_dead_letters()
      throws Exception {
    OpenTelemetryTelemetry telemetry = OpenTelemetryTelemetry.create(otel);
    Engine e = engine(telemetry, Storage.inMemory(Clock.system()));
    try (AutoCloseable gauges = telemetry.observe(e)) {
      Execution waiting =
          e.start(
              Workflow.named("approval").node("ask", Wait.forResume()).build(),
              List.of(Item.empty()));
      Execution failing =
          e.start(
              Workflow.named("payments").node("charge", NodeDefinition.of(BOOM, Map.of())).build(),
              List.of(Item.empty()));
      assertThat(failing.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.FAILED);
      Eventually.await(
          Duration.ofSeconds(10),
          () -> waiting.status() == ExecutionStatus.WAITING,
          "the second execution waits");

      List<MetricData> all = List.copyOf(metrics.collectAllMetrics());
      assertThat(gauge(all, "tyboo.executions.waiting")).isEqualTo(1);
      assertThat(gauge(all, "tyboo.dead_letters")).isEqualTo(1);
      assertThat(gauge(all, "tyboo.executions.failing")).isZero();
      assertThat(gauge(all, "tyboo.queue.depth")).isZero();
      assertThat(all).anyMatch(m -> m.getName().equals("tyboo.executions.running"));
      assertThat(all).anyMatch(m -> m.getName().equals("tyboo.queue.oldest_age"));
      MetricData dead =
          all.stream()
              .filter(m -> m.getName().equals("tyboo.dead_letters.added"))
              .findFirst()
              .orElseThrow();
      assertThat(sum(dead, OpenTelemetryTelemetry.WORKFLOW, "payments")).isEqualTo(1);
      // the waiting run ended its span as WAITING; a resume starts another run
      assertThat(
              span("execution approval")
                  .getAttributes()
                  .get(OpenTelemetryTelemetry.EXECUTION_STATUS))
          .isEqualTo("WAITING");
    }
  }

  private static long gauge(List<MetricData> all, String name) {
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gauge " + name))
        .getLongGaugeData()
        .getPoints()
        .iterator()
        .next()
        .getValue();
  }
}

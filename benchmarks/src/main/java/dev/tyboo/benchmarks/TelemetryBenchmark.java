package dev.tyboo.benchmarks;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.NodeResult;
import dev.tyboo.telemetry.OpenTelemetryTelemetry;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
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
 * What tracing costs: the 10-node chain of {@link ChainBenchmark} (no node-run history) without
 * telemetry, with {@link OpenTelemetryTelemetry} over the no-op OpenTelemetry (the API present, no
 * SDK configured), and over the SDK recording every span (exported synchronously to an exporter
 * that drops it) and every metric.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class TelemetryBenchmark {

  private static final int NODES = 10;

  private Engine none;
  private Engine noop;
  private Engine sdk;
  private OpenTelemetrySdk otel;
  private Workflow workflow;
  private List<Item> input;

  /** An exporter that drops what it is given, so that only the SDK's own work is measured. */
  private static final class Dropping implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    NodeFunction noopNode = ctx -> NodeResult.of(ctx.input());
    WorkflowBuilder b = Workflow.named("chain");
    for (int i = 0; i < NODES; i++) {
      b.node("n" + i, noopNode);
      if (i > 0) {
        b.connect("n" + (i - 1), "n" + i);
      }
    }
    workflow = b.build();
    input = Item.listOf(Map.of("orderId", 42, "total", 120.5));
    otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new Dropping()))
                    .build())
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .registerMetricReader(InMemoryMetricReader.create())
                    .build())
            .build();
    none = Engine.builder().recordNodeRuns(false).build();
    noop =
        Engine.builder()
            .recordNodeRuns(false)
            .telemetry(OpenTelemetryTelemetry.create(OpenTelemetry.noop()))
            .build();
    sdk =
        Engine.builder()
            .recordNodeRuns(false)
            .telemetry(OpenTelemetryTelemetry.create(otel))
            .build();
    for (Engine e : List.of(none, noop, sdk)) {
      if (e.run(workflow, input).status() != ExecutionStatus.SUCCEEDED) {
        throw new IllegalStateException("benchmark workflow did not succeed");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    none.close();
    noop.close();
    sdk.close();
    otel.close();
  }

  /** No telemetry: the engine makes no telemetry call. */
  @Benchmark
  public Execution withoutTelemetry() {
    return none.run(workflow, input);
  }

  /** The OpenTelemetry API without an SDK: spans and metrics are no-ops. */
  @Benchmark
  public Execution openTelemetryNoop() {
    return noop.run(workflow, input);
  }

  /** The OpenTelemetry SDK: 11 spans and their metrics recorded per execution. */
  @Benchmark
  public Execution openTelemetrySdk() {
    return sdk.run(workflow, input);
  }
}

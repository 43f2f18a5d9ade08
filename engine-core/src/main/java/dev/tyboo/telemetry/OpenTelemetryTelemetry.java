package dev.tyboo.telemetry;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineHealth;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.spi.telemetry.ExecutionTrace;
import dev.tyboo.spi.telemetry.ExecutionTraceInfo;
import dev.tyboo.spi.telemetry.NodeTrace;
import dev.tyboo.spi.telemetry.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's traces and metrics on the OpenTelemetry API.
 *
 * <p><b>Traces.</b> Each run of an execution is a span {@code execution <workflow>}; each node
 * attempt a child span {@code node <nodeId>}. A run continues the W3C trace the execution was
 * started with ({@code traceparent} in the first input item's {@code headers}, as the webhook
 * trigger emits it), and nodes pass their own span on through {@code NodeContext.traceHeaders()}
 * (the HTTP Request node sends it); both follow the OpenTelemetry instance's propagators (give the
 * SDK {@code W3CTraceContextPropagator}: an SDK built without propagators neither reads nor sends
 * trace context). Attributes: {@code tyboo.execution.id}, {@code tyboo.workflow.name}, {@code
 * tyboo.workflow.version}, {@code tyboo.tenant}, {@code tyboo.execution.status}; on node spans
 * {@code tyboo.node.id}, {@code tyboo.node.type}, {@code tyboo.node.attempt}, {@code
 * tyboo.node.items_in}, {@code tyboo.node.items_out}, {@code tyboo.node.status}, {@code
 * tyboo.node.will_retry}; failures set the span status to {@code ERROR} and record the exception. A
 * durable execution that waits, or is taken over after a crash, has one execution span per run.
 *
 * <p><b>Metrics</b> (OpenTelemetry rather than Micrometer: one optional API serves traces and
 * metrics, and Micrometer hosts can bridge it): {@code tyboo.executions.started} and {@code
 * tyboo.executions.finished} (by {@code tyboo.workflow.name}, and {@code tyboo.execution.status}),
 * {@code tyboo.node.duration} (seconds, by {@code tyboo.node.type} and {@code tyboo.node.status}),
 * {@code tyboo.node.retries} (by node type), {@code tyboo.dead_letters.added} (durable executions
 * that failed). With {@link #observe(Engine)}, gauges from {@link Engine#health()}: {@code
 * tyboo.queue.depth}, {@code tyboo.queue.oldest_age} (seconds), {@code tyboo.executions.running},
 * {@code tyboo.executions.waiting}, {@code tyboo.dead_letters}, {@code tyboo.executions.failing},
 * {@code tyboo.executions.stuck}, {@code tyboo.worker.slots.blocked} (executions whose last claim
 * here ended on a failed checkpoint).
 *
 * <pre>{@code
 * OpenTelemetryTelemetry telemetry = OpenTelemetryTelemetry.create(openTelemetry);
 * Engine engine = Engine.builder().telemetry(telemetry).storage(storage).build();
 * AutoCloseable gauges = telemetry.observe(engine);
 * }</pre>
 */
@SuppressWarnings("exports") // the host that calls create(..) has the optional OpenTelemetry API
public final class OpenTelemetryTelemetry implements Telemetry {

  /** The instrumentation scope name of the engine's spans and metrics. */
  public static final String SCOPE = "dev.tyboo.engine";

  static final AttributeKey<String> EXECUTION_ID = AttributeKey.stringKey("tyboo.execution.id");
  static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("tyboo.workflow.name");
  static final AttributeKey<Long> VERSION = AttributeKey.longKey("tyboo.workflow.version");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey("tyboo.tenant");
  static final AttributeKey<String> PARENT = AttributeKey.stringKey("tyboo.execution.parent_id");
  static final AttributeKey<String> EXECUTION_STATUS =
      AttributeKey.stringKey("tyboo.execution.status");
  static final AttributeKey<String> NODE_ID = AttributeKey.stringKey("tyboo.node.id");
  static final AttributeKey<String> NODE_TYPE = AttributeKey.stringKey("tyboo.node.type");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tyboo.node.attempt");
  static final AttributeKey<Long> ITEMS_IN = AttributeKey.longKey("tyboo.node.items_in");
  static final AttributeKey<Long> ITEMS_OUT = AttributeKey.longKey("tyboo.node.items_out");
  static final AttributeKey<String> NODE_STATUS = AttributeKey.stringKey("tyboo.node.status");
  static final AttributeKey<Boolean> WILL_RETRY = AttributeKey.booleanKey("tyboo.node.will_retry");

  @SuppressWarnings("deprecation") // keys() is deprecated in favour of getAll(), still abstract
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;
  private final Meter meter;
  private final TextMapPropagator propagator;
  private final LongCounter started;
  private final LongCounter finished;
  private final LongCounter retries;
  private final LongCounter deadLetters;
  private final DoubleHistogram nodeDuration;

  private OpenTelemetryTelemetry(OpenTelemetry otel) {
    this.tracer = otel.getTracer(SCOPE);
    this.meter = otel.getMeter(SCOPE);
    this.propagator = otel.getPropagators().getTextMapPropagator();
    this.started =
        meter
            .counterBuilder("tyboo.executions.started")
            .setDescription("Runs of executions that began in this engine")
            .build();
    this.finished =
        meter
            .counterBuilder("tyboo.executions.finished")
            .setDescription("Executions that ended, by status")
            .build();
    this.retries =
        meter
            .counterBuilder("tyboo.node.retries")
            .setDescription("Failed node attempts that are tried again")
            .build();
    this.deadLetters =
        meter
            .counterBuilder("tyboo.dead_letters.added")
            .setDescription("Durable executions that failed and became dead letters")
            .build();
    this.nodeDuration =
        meter
            .histogramBuilder("tyboo.node.duration")
            .setUnit("s")
            .setDescription("Node attempt duration, by node type and status")
            .build();
  }

  /**
   * {@return telemetry that reports through an OpenTelemetry instance}
   *
   * @param openTelemetry the host's OpenTelemetry (its SDK, or {@code GlobalOpenTelemetry.get()})
   */
  public static OpenTelemetryTelemetry create(OpenTelemetry openTelemetry) {
    return new OpenTelemetryTelemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Registers gauges read from {@link Engine#health()} at each metric collection: queue depth, the
   * oldest due work's age, running and waiting executions, dead letters, executions whose
   * checkpoints keep failing.
   *
   * @param engine the engine built with this telemetry
   * @return the registration; close it before the engine
   */
  public AutoCloseable observe(Engine engine) {
    Objects.requireNonNull(engine, "engine");
    ObservableLongMeasurement depth =
        meter
            .gaugeBuilder("tyboo.queue.depth")
            .ofLongs()
            .setDescription("Due work waiting in the shared queue")
            .buildObserver();
    ObservableDoubleMeasurement age =
        meter
            .gaugeBuilder("tyboo.queue.oldest_age")
            .setUnit("s")
            .setDescription("How long the oldest due work has waited")
            .buildObserver();
    ObservableLongMeasurement running =
        meter
            .gaugeBuilder("tyboo.executions.running")
            .ofLongs()
            .setDescription("Executions running in this engine")
            .buildObserver();
    ObservableLongMeasurement waiting =
        meter
            .gaugeBuilder("tyboo.executions.waiting")
            .ofLongs()
            .setDescription("Executions waiting without a thread")
            .buildObserver();
    ObservableLongMeasurement dead =
        meter
            .gaugeBuilder("tyboo.dead_letters")
            .ofLongs()
            .setDescription("Failed executions kept as dead letters")
            .buildObserver();
    ObservableLongMeasurement failing =
        meter
            .gaugeBuilder("tyboo.executions.failing")
            .ofLongs()
            .setDescription(
                "Executions whose last claim by this engine ended on a failed checkpoint")
            .buildObserver();
    ObservableLongMeasurement stuck =
        meter
            .gaugeBuilder("tyboo.executions.stuck")
            .ofLongs()
            .setDescription(
                "Executions this engine claimed at their third delivery or later without progress")
            .buildObserver();
    ObservableLongMeasurement blocked =
        meter
            .gaugeBuilder("tyboo.worker.slots.blocked")
            .ofLongs()
            .setDescription("Worker slots in one storage call for longer than the lease time")
            .buildObserver();
    BatchCallback callback =
        meter.batchCallback(
            () -> {
              EngineHealth h = engine.health();
              running.record(h.runningExecutions());
              if (h.queueDepth() >= 0) {
                depth.record(h.queueDepth());
                age.record(h.oldestQueuedAge().toNanos() / 1e9);
              }
              if (h.waitingExecutions() >= 0) {
                waiting.record(h.waitingExecutions());
              }
              if (h.deadLetters() >= 0) {
                dead.record(h.deadLetters());
              }
              if (h.failingExecutions() >= 0) {
                failing.record(h.failingExecutions());
                stuck.record(h.stuckExecutions());
                blocked.record(h.blockedSlots());
              }
            },
            depth,
            age,
            running,
            waiting,
            dead,
            failing,
            stuck,
            blocked);
    return callback::close;
  }

  @Override
  public ExecutionTrace executionStarted(ExecutionTraceInfo info) {
    Context parent = propagator.extract(Context.root(), info.incomingHeaders(), GETTER);
    var builder =
        tracer
            .spanBuilder("execution " + info.workflowName())
            .setParent(parent)
            .setSpanKind(SpanKind.INTERNAL)
            .setStartTimestamp(info.at())
            .setAttribute(EXECUTION_ID, info.executionId().value())
            .setAttribute(WORKFLOW, info.workflowName())
            .setAttribute(VERSION, (long) info.workflowVersion());
    if (!info.tenant().isEmpty()) {
      builder.setAttribute(TENANT, info.tenant());
    }
    if (info.parentId() != null) {
      builder.setAttribute(PARENT, info.parentId().value());
    }
    started.add(1, Attributes.of(WORKFLOW, info.workflowName()));
    return new Run(builder.startSpan(), info);
  }

  /** One run of an execution. */
  private final class Run implements ExecutionTrace {
    private final Span span;
    private final Context context;
    private final ExecutionTraceInfo info;

    Run(Span span, ExecutionTraceInfo info) {
      this.span = span;
      this.context = Context.root().with(span);
      this.info = info;
    }

    @Override
    public NodeTrace nodeStarted(
        String nodeId, String nodeType, int attempt, int itemsIn, Instant at) {
      Span node =
          tracer
              .spanBuilder("node " + nodeId)
              .setParent(context)
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(at)
              .setAttribute(EXECUTION_ID, info.executionId().value())
              .setAttribute(WORKFLOW, info.workflowName())
              .setAttribute(NODE_ID, nodeId)
              .setAttribute(NODE_TYPE, nodeType)
              .setAttribute(ATTEMPT, (long) attempt)
              .setAttribute(ITEMS_IN, (long) itemsIn)
              .startSpan();
      return new Attempt(node, nodeType, at);
    }

    @Override
    public void ended(ExecutionStatus status, Throwable error, Instant at) {
      span.setAttribute(EXECUTION_STATUS, status.name());
      if (error != null) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, error.getMessage());
      }
      span.end(at);
      if (status.isFinal()) {
        finished.add(
            1, Attributes.of(WORKFLOW, info.workflowName(), EXECUTION_STATUS, status.name()));
        if (status == ExecutionStatus.FAILED && info.durable()) {
          deadLetters.add(1, Attributes.of(WORKFLOW, info.workflowName()));
        }
      }
    }
  }

  /** One node attempt. */
  private final class Attempt implements NodeTrace {
    private final Span span;
    private final String nodeType;
    private final Instant startedAt;

    Attempt(Span span, String nodeType, Instant startedAt) {
      this.span = span;
      this.nodeType = nodeType;
      this.startedAt = startedAt;
    }

    @Override
    public Map<String, String> headers() {
      Map<String, String> headers = new LinkedHashMap<>();
      propagator.inject(Context.root().with(span), headers, (carrier, k, v) -> carrier.put(k, v));
      return headers;
    }

    @Override
    public void ended(
        NodeRunStatus status, int itemsOut, Throwable error, boolean willRetry, Instant at) {
      span.setAttribute(NODE_STATUS, status.name());
      span.setAttribute(ITEMS_OUT, (long) itemsOut);
      if (willRetry) {
        span.setAttribute(WILL_RETRY, true);
        retries.add(1, Attributes.of(NODE_TYPE, nodeType));
      }
      if (error != null) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, error.getMessage());
      }
      span.end(at);
      nodeDuration.record(
          Duration.between(startedAt, at).toNanos() / 1e9,
          Attributes.of(NODE_TYPE, nodeType, NODE_STATUS, status.name()));
    }
  }

  @Override
  public String toString() {
    return "OpenTelemetryTelemetry" + List.of(SCOPE);
  }
}

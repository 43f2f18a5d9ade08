package dev.tyboo.spring;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineHealth;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.spi.telemetry.ExecutionTrace;
import dev.tyboo.spi.telemetry.ExecutionTraceInfo;
import dev.tyboo.spi.telemetry.NodeTrace;
import dev.tyboo.spi.telemetry.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Engine metrics in Micrometer, under the names {@code OpenTelemetryTelemetry} uses, so that a
 * dashboard works with either:
 *
 * <ul>
 *   <li>{@code tyboo.executions.started} (tag {@code workflow}): runs of executions that began
 *       here;
 *   <li>{@code tyboo.executions.finished} (tags {@code workflow}, {@code status}): executions that
 *       ended;
 *   <li>{@code tyboo.dead_letters.added} (tag {@code workflow}): durable executions that failed;
 *   <li>{@code tyboo.node.duration}, a timer (tags {@code type}, {@code status}): node attempts;
 *   <li>{@code tyboo.node.retries} (tag {@code type}): failed attempts that are tried again;
 *   <li>with {@link #observe(Engine)}, gauges from {@link Engine#health()}: {@code
 *       tyboo.queue.depth}, {@code tyboo.queue.oldest_age} (seconds), {@code
 *       tyboo.executions.running}, {@code tyboo.executions.waiting}, {@code tyboo.dead_letters},
 *       {@code tyboo.executions.failing}, {@code tyboo.executions.stuck}, {@code
 *       tyboo.worker.slots.blocked}. A gauge the storage cannot answer reads {@code NaN}.
 * </ul>
 *
 * <p>Node ids and execution ids are never tags (they are unbounded); workflow names and node types
 * are. The starter makes one when the application has a {@link MeterRegistry} bean.
 */
public final class MicrometerTelemetry implements Telemetry {

  /** How long one reading of {@link Engine#health()} serves every gauge. */
  static final Duration HEALTH_REUSE = Duration.ofSeconds(1);

  private final MeterRegistry registry;

  /** Node timers by type and status: looked up once, not built again for every node attempt. */
  private final java.util.concurrent.ConcurrentMap<String, Timer> nodeTimers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private MicrometerTelemetry(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * {@return telemetry that records into a registry}
   *
   * @param registry the application's meter registry
   */
  public static MicrometerTelemetry create(MeterRegistry registry) {
    return new MicrometerTelemetry(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Registers the gauges read from {@link Engine#health()}; one reading serves all of them for
   * {@link #HEALTH_REUSE}, since it may ask the database.
   *
   * @param engine the engine built with this telemetry
   * @return the registration: closing it removes the gauges
   */
  public AutoCloseable observe(Engine engine) {
    Objects.requireNonNull(engine, "engine");
    HealthReading health = new HealthReading(engine);
    List<Meter> gauges = new ArrayList<>();
    gauges.add(
        gauge(
            "tyboo.queue.depth",
            "Due work waiting in the shared queue",
            health,
            h -> h.queueDepth() >= 0 ? h.queueDepth() : Double.NaN));
    gauges.add(
        gauge(
            "tyboo.queue.oldest_age",
            "Seconds the oldest due work has waited",
            health,
            h -> h.queueDepth() >= 0 ? h.oldestQueuedAge().toNanos() / 1e9 : Double.NaN));
    gauges.add(
        gauge(
            "tyboo.executions.running",
            "Executions running in this engine",
            health,
            EngineHealth::runningExecutions));
    gauges.add(
        gauge(
            "tyboo.executions.waiting",
            "Executions waiting without a thread",
            health,
            h -> h.waitingExecutions() >= 0 ? h.waitingExecutions() : Double.NaN));
    gauges.add(
        gauge(
            "tyboo.dead_letters",
            "Failed executions kept as dead letters",
            health,
            h -> h.deadLetters() >= 0 ? h.deadLetters() : Double.NaN));
    gauges.add(
        gauge(
            "tyboo.executions.failing",
            "Executions whose last claim by this engine ended on a failed checkpoint",
            health,
            h -> h.failingExecutions() >= 0 ? h.failingExecutions() : Double.NaN));
    gauges.add(
        gauge(
            "tyboo.executions.stuck",
            "Executions this engine claimed at their third delivery or later without progress",
            health,
            h -> h.failingExecutions() >= 0 ? h.stuckExecutions() : Double.NaN));
    gauges.add(
        gauge(
            "tyboo.worker.slots.blocked",
            "Worker slots in one storage call for longer than the lease time",
            health,
            h -> h.failingExecutions() >= 0 ? h.blockedSlots() : Double.NaN));
    return () -> gauges.forEach(registry::remove);
  }

  private Meter gauge(
      String name, String description, HealthReading health, ToDoubleFunction<EngineHealth> f) {
    return Gauge.builder(name, health, r -> f.applyAsDouble(r.get()))
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  @Override
  public ExecutionTrace executionStarted(ExecutionTraceInfo info) {
    Counter.builder("tyboo.executions.started")
        .description("Runs of executions that began in this engine")
        .tag("workflow", info.workflowName())
        .register(registry)
        .increment();
    return new Run(info);
  }

  /** One run of an execution. */
  private final class Run implements ExecutionTrace {
    private final ExecutionTraceInfo info;

    Run(ExecutionTraceInfo info) {
      this.info = info;
    }

    @Override
    public NodeTrace nodeStarted(
        String nodeId, String nodeType, int attempt, int itemsIn, Instant at) {
      return new Attempt(nodeType, at);
    }

    @Override
    public void ended(ExecutionStatus status, Throwable error, Instant at) {
      if (!status.isFinal()) {
        return; // a run that waits or hands over: the execution goes on
      }
      Counter.builder("tyboo.executions.finished")
          .description("Executions that ended, by status")
          .tags("workflow", info.workflowName(), "status", status.name())
          .register(registry)
          .increment();
      if (status == ExecutionStatus.FAILED && info.durable()) {
        Counter.builder("tyboo.dead_letters.added")
            .description("Durable executions that failed and became dead letters")
            .tag("workflow", info.workflowName())
            .register(registry)
            .increment();
      }
    }
  }

  /** One node attempt. */
  private final class Attempt implements NodeTrace {
    private final String nodeType;
    private final Instant startedAt;

    Attempt(String nodeType, Instant startedAt) {
      this.nodeType = nodeType;
      this.startedAt = startedAt;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of();
    }

    @Override
    public void ended(
        NodeRunStatus status, int itemsOut, Throwable error, boolean willRetry, Instant at) {
      long nanos = Math.max(0, Duration.between(startedAt, at).toNanos());
      nodeTimers
          .computeIfAbsent(
              nodeType + '\u0000' + status.name(),
              k ->
                  Timer.builder("tyboo.node.duration")
                      .description("Node attempt duration, by node type and status")
                      .tags("type", nodeType, "status", status.name())
                      .register(registry))
          .record(nanos, TimeUnit.NANOSECONDS);
      if (willRetry) {
        Counter.builder("tyboo.node.retries")
            .description("Failed node attempts that are tried again")
            .tag("type", nodeType)
            .register(registry)
            .increment();
      }
    }
  }

  /** One {@link Engine#health()} reading, reused for {@link #HEALTH_REUSE}. */
  private static final class HealthReading {
    private final Engine engine;
    private EngineHealth last;
    private long readAt;

    HealthReading(Engine engine) {
      this.engine = engine;
    }

    synchronized EngineHealth get() {
      long now = System.nanoTime();
      if (last == null || now - readAt > HEALTH_REUSE.toNanos()) {
        last = engine.health();
        readAt = now;
      }
      return last;
    }
  }
}

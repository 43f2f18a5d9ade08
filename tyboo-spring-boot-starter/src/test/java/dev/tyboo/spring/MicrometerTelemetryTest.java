package dev.tyboo.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.telemetry.ExecutionTrace;
import dev.tyboo.spi.telemetry.ExecutionTraceInfo;
import dev.tyboo.spi.telemetry.NodeTrace;
import dev.tyboo.spi.telemetry.Telemetry;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The engine's metrics reach the application's Micrometer registry. */
class MicrometerTelemetryTest {

  private static final NodeType GREET =
      NodeType.of(
          NodeDescriptor.builder("app.greet").build(),
          ctx -> NodeResult.mapItems(ctx, (item, i) -> item.with("greeting", "hello")));

  private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

  /** Fails its first attempt. */
  private static final NodeType FLAKY =
      NodeType.of(
          NodeDescriptor.builder("app.flaky").build(),
          ctx -> {
            if (FLAKY_CALLS.incrementAndGet() == 1) {
              throw new RetryableNodeException("not yet");
            }
            return NodeResult.of(ctx.input());
          });

  /** Boot's own metrics auto-configuration, as an Actuator application has it. */
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MetricsAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  DataSourceAutoConfiguration.class,
                  TybooAutoConfiguration.class))
          .withPropertyValues(
              "spring.datasource.url=jdbc:h2:mem:metrics"
                  + UUID.randomUUID()
                  + ";DB_CLOSE_DELAY=-1");

  @Test
  void runs_and_node_attempts_are_counted_and_timed_by_workflow_and_node_type() {
    FLAKY_CALLS.set(0);
    runner.run(
        context -> {
          Engine engine = context.getBean(Engine.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          Workflow workflow =
              Workflow.named("greeting")
                  .node("greet", NodeDefinition.of(GREET, Map.of()))
                  .node(
                      "flaky",
                      NodeDefinition.of(FLAKY, Map.of()),
                      o ->
                          o.retry(
                              RetryPolicy.builder()
                                  .maxAttempts(2)
                                  .backoff(Duration.ZERO, Duration.ZERO)
                                  .jitter(0)
                                  .build()))
                  .connect("greet", "flaky")
                  .build();

          Execution run = engine.run(workflow, List.of(Item.of(Map.of("name", "ada"))));
          assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

          assertThat(
                  registry
                      .get("tyboo.executions.started")
                      .tag("workflow", "greeting")
                      .counter()
                      .count())
              .isEqualTo(1);
          assertThat(
                  registry
                      .get("tyboo.executions.finished")
                      .tags("workflow", "greeting", "status", "SUCCEEDED")
                      .counter()
                      .count())
              .isEqualTo(1);
          Timer greet =
              registry
                  .get("tyboo.node.duration")
                  .tags("type", "app.greet", "status", "SUCCEEDED")
                  .timer();
          assertThat(greet.count()).isEqualTo(1);
          assertThat(
                  registry
                      .get("tyboo.node.duration")
                      .tags("type", "app.flaky", "status", "FAILED")
                      .timer()
                      .count())
              .isEqualTo(1);
          assertThat(registry.get("tyboo.node.retries").tag("type", "app.flaky").counter().count())
              .isEqualTo(1);
          assertThat(registry.find("tyboo.node.duration").tagKeys("id").timers())
              .as("node ids are not tags")
              .isEmpty();

          // gauges from the engine's health: a durable engine knows its queue and dead letters
          assertThat(registry.get("tyboo.executions.running").gauge().value()).isZero();
          assertThat(registry.get("tyboo.queue.depth").gauge().value()).isZero();
          assertThat(registry.get("tyboo.dead_letters").gauge().value()).isZero();
        });
  }

  @Test
  void gauges_are_removed_when_the_context_closes() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TybooAutoConfiguration.class))
        .withBean(MeterRegistry.class, () -> registry)
        .run(context -> assertThat(registry.find("tyboo.queue.depth").gauge()).isNotNull());
    assertThat(registry.find("tyboo.queue.depth").gauge()).isNull();
  }

  @Test
  void the_applications_own_telemetry_wins_over_micrometer() {
    Telemetry own = MicrometerTelemetryTest::silent;
    runner
        .withBean(Telemetry.class, () -> own)
        .run(
            context -> {
              assertThat(context.getBeansOfType(MicrometerTelemetry.class)).isEmpty();
              assertThat(context.getBean(Telemetry.class)).isSameAs(own);
            });
  }

  @Test
  void two_telemetry_beans_without_a_primary_one_are_refused_by_name() {
    runner
        .withBean("mine", Telemetry.class, () -> MicrometerTelemetryTest::silent)
        .withBean("theirs", Telemetry.class, () -> MicrometerTelemetryTest::silent)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("several Telemetry beans")
                    .hasMessageContaining("mark one @Primary"));
  }

  private static ExecutionTrace silent(ExecutionTraceInfo info) {
    return new ExecutionTrace() {
      @Override
      public NodeTrace nodeStarted(
          String nodeId, String nodeType, int attempt, int itemsIn, Instant at) {
        return new NodeTrace() {
          @Override
          public Map<String, String> headers() {
            return Map.of();
          }

          @Override
          public void ended(
              NodeRunStatus status, int itemsOut, Throwable error, boolean willRetry, Instant at) {}
        };
      }

      @Override
      public void ended(ExecutionStatus status, Throwable error, Instant at) {}
    };
  }

  @Test
  void without_a_meter_registry_there_is_no_micrometer_telemetry() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TybooAutoConfiguration.class))
        .run(context -> assertThat(context.getBeansOfType(MicrometerTelemetry.class)).isEmpty());
  }
}

package dev.tyboo.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry API is optional: without its jars the engine loads, runs and reports health.
 */
class WithoutOpenTelemetryTest {

  @Test
  void the_engine_runs_in_a_jvm_without_opentelemetry() throws Exception {
    ForkedJvm.Result r =
        ForkedJvm.run(
            WithoutOpenTelemetryMain.class, entry -> !entry.contains("/io/opentelemetry/"));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("plain SUCCEEDED, durable SUCCEEDED")
        .containsPattern("health (UP|DEGRADED) (UP|DEGRADED)") // a JVM starting up is busy
        .contains("no OpenTelemetry on the class path")
        .doesNotContain("NoClassDefFoundError");
  }
}

package dev.tyboo.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry API is optional: without its jars the engine loads, runs and reports health.
 */
class WithoutOpenTelemetryTest {

  @Test
  void the_engine_runs_in_a_jvm_without_opentelemetry() throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("/io/opentelemetry/"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).doesNotContain("opentelemetry");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(java, "-cp", classPath, WithoutOpenTelemetryMain.class.getName())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String output = new String(out, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("plain SUCCEEDED, durable SUCCEEDED")
        .containsPattern("health (UP|DEGRADED) (UP|DEGRADED)") // a JVM starting up is busy
        .contains("no OpenTelemetry on the class path")
        .doesNotContain("NoClassDefFoundError");
  }
}

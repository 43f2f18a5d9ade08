package dev.tyboo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A smoke measurement of a core-only engine's footprint (engine-core and its dependencies alone on
 * the class path): it fails on a gross regression, not on noise. The figures are in
 * benchmarks/README.md.
 */
class FootprintTest {

  /** The jars a core-only host carries: engine-core's own dependencies. */
  private static final List<String> CORE =
      List.of(
          "engine-core",
          "jackson-",
          "slf4j-api",
          "caffeine",
          "jspecify",
          "error_prone",
          "jgrapht",
          "jheaps",
          "apfloat",
          "commons-jexl3",
          "commons-logging",
          "examples/target/classes");

  private static final Pattern FIGURES =
      Pattern.compile(
          "(\\w+) main-to-first-execution-ms=(\\d+) rss-mb=([\\d.-]+) classpath-mb=([\\d.]+)");

  @Test
  void a_core_only_engine_runs_its_first_execution_quickly_and_small() throws Exception {
    long started = System.nanoTime();
    Matcher floor = run("floor");
    long floorWall = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    Matcher engine = run();
    long engineWall = (System.nanoTime() - started) / 1_000_000;

    assertThat(engine.group(1)).isEqualTo("SUCCEEDED");
    // gross bounds, for regressions and not noise: the figures measured are far below them
    assertThat(engineWall).as("JVM start to exit, ms").isLessThan(Math.max(5_000, 10 * floorWall));
    assertThat(Long.parseLong(engine.group(2))).as("main to first execution, ms").isLessThan(3_000);
    assertThat(Double.parseDouble(engine.group(3))).as("resident MB").isLessThan(256);
    assertThat(Double.parseDouble(floor.group(3))).as("the floor's resident MB").isPositive();
    assertThat(Double.parseDouble(engine.group(4))).as("class path MB").isLessThan(20);
  }

  private static Matcher run(String... args) throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> CORE.stream().anyMatch(e::contains))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", classPath, Footprint.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Matcher m = FIGURES.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m;
  }
}

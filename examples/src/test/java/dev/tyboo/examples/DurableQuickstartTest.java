package dev.tyboo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the durable quickstart as its README says: start, kill -9 mid-run, start again. */
class DurableQuickstartTest {

  @TempDir Path dir;

  private Process start(Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            classPath(),
            DurableQuickstart.class.getName(),
            dir.resolve("db").toString(),
            "400")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Everything this test runs on (module path included), as one class path. */
  private static String classPath() {
    String modules = System.getProperty("jdk.module.path", "");
    String classes = System.getProperty("java.class.path", "");
    return modules.isEmpty() ? classes : modules + File.pathSeparator + classes;
  }

  @Test
  void a_killed_run_is_finished_by_the_next_run_without_repeating_finished_steps()
      throws Exception {
    Path first = dir.resolve("first.log");
    Process p = start(first);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(first).contains("running step3")) {
      assertThat(System.nanoTime())
          .as("first run reached step3; its output:%n%s", Files.readString(first))
          .isLessThan(deadline);
      Thread.sleep(20);
    }
    p.destroyForcibly(); // kill -9, mid-step3
    p.waitFor();

    Path second = dir.resolve("second.log");
    Process q = start(second);
    assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(second);

    assertThat(out).contains("resuming execution").contains("ended: SUCCEEDED");
    assertThat(out).doesNotContain("running step1").doesNotContain("running step2");
    assertThat(out).contains("running step3").contains("running step5");
    assertThat(q.exitValue()).isZero();
  }
}

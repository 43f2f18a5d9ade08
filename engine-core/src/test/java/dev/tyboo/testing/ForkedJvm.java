package dev.tyboo.testing;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Runs a main class in a JVM of its own, for tests of what a host's class path or flags change. */
public final class ForkedJvm {

  private ForkedJvm() {}

  /**
   * What the forked JVM did.
   *
   * @param exitCode its exit code
   * @param output its standard output and error, together
   */
  public record Result(int exitCode, String output) {}

  /**
   * Runs {@code main} on this JVM's class path, keeping only the entries {@code keep} accepts, and
   * waits up to two minutes for it.
   *
   * @param main the class whose {@code main} runs
   * @param keep which class-path entries to keep
   * @param jvmArguments flags before the class name, such as {@code -Dname=value}
   * @return its exit code and output
   * @throws Exception when it cannot start, or does not end in time
   */
  public static Result run(Class<?> main, Predicate<String> keep, String... jvmArguments)
      throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(keep)
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(jvmArguments));
    command.addAll(List.of("-cp", classPath, main.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(main.getSimpleName() + " did not end within two minutes");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}

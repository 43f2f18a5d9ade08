package dev.tyboo.examples;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The footprint of a core-only engine: run it with engine-core and its dependencies alone on the
 * class path. It prints the time from {@code main} to the first execution ended (engine built,
 * workflow validated, two nodes run), the resident memory then, and the size of the class path;
 * with {@code floor} it prints the same for a JVM that runs nothing (the baseline). Time the whole
 * process from outside for JVM start to exit.
 *
 * <pre>
 * java -cp "$(cat core.classpath):examples/target/classes" dev.tyboo.examples.Footprint
 * </pre>
 */
public final class Footprint {

  private Footprint() {}

  /**
   * Measures and prints one line: {@code main-to-first-execution-ms=.. rss-mb=.. classpath-mb=..}.
   *
   * @param args {@code floor} for the baseline JVM
   * @throws IOException when /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    long mainStarted = System.nanoTime();
    boolean floor = args.length > 0 && args[0].equals("floor");
    if (!floor) {
      NodeType stamp =
          NodeType.of(
              NodeDescriptor.builder("footprint.stamp").build(),
              ctx -> NodeResult.mapItems(ctx, (item, i) -> item.with("stamped", true)));
      try (Engine engine = Engine.builder().nodeType(stamp).build()) {
        Execution run =
            engine.run(
                Workflow.named("footprint")
                    .node("a", NodeDefinition.of(stamp, Map.of()))
                    .node("b", NodeDefinition.of(stamp, Map.of()))
                    .connect("a", "b")
                    .build(),
                List.of(Item.of(Map.of("n", 1))));
        if (!run.status().isFinal()) {
          throw new IllegalStateException("the execution did not end: " + run.status());
        }
        report(run.status().name(), mainStarted);
      }
    } else {
      report("FLOOR", mainStarted);
    }
  }

  private static void report(String what, long mainStarted) throws IOException {
    // from main, by the monotonic clock; JVM start to exit is timed from outside (in-process start
    // stamps proved a second off here: Linux counts process starts from a boot time in seconds)
    long sinceMain = (System.nanoTime() - mainStarted) / 1_000_000;
    long classPathBytes = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isRegularFile(p)) {
        classPathBytes += Files.size(p);
      }
    }
    System.out.printf(
        "%s main-to-first-execution-ms=%d rss-mb=%.1f classpath-mb=%.1f%n",
        what, sinceMain, residentMegabytes(), classPathBytes / 1e6);
  }

  /** {@return the resident set size (Linux); -1 elsewhere} */
  private static double residentMegabytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }
}

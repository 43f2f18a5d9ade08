package dev.tyboo.benchmarks;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code executions} executions started at once, each a three-node workflow whose middle node waits
 * 10 ms (sleeping on its virtual thread, holding no carrier thread). One operation starts them all
 * and waits for the last; executions per second = executions / time. The forked JVM has a 512 MB
 * heap; the heap in use while all of them wait is sampled once per operation and written to {@code
 * target/concurrent-wait-heap-<executions>.txt} (the largest sample of the run).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Benchmark)
public class ConcurrentWaitBenchmark {

  @Param({"100", "10000"})
  public int executions;

  private Engine engine;
  private Workflow workflow;
  private long maxHeapWhileWaiting;

  @Setup(Level.Trial)
  public void setUp() {
    workflow =
        Workflow.named("wait")
            .node("start", ctx -> NodeResult.of(ctx.input()))
            .node(
                "wait",
                ctx -> {
                  Thread.sleep(10);
                  return NodeResult.of(ctx.input());
                })
            .node("end", ctx -> NodeResult.of(ctx.input()))
            .connect("start", "wait")
            .connect("wait", "end")
            .build();
    engine = Engine.builder().recordNodeRuns(false).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    engine.close();
    Path out = Path.of("target", "concurrent-wait-heap-" + executions + ".txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, maxHeapWhileWaiting / (1024 * 1024) + " MB\n");
  }

  /**
   * Starts all executions, samples the heap while they wait, then waits for every one to succeed.
   */
  @Benchmark
  public int startAndAwaitAll() {
    List<Execution> runs = new ArrayList<>(executions);
    for (int i = 0; i < executions; i++) {
      runs.add(engine.start(workflow, Item.of(Map.of("i", i))));
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    maxHeapWhileWaiting = Math.max(maxHeapWhileWaiting, used);
    int succeeded = 0;
    for (Execution run : runs) {
      if (run.await(Duration.ofMinutes(1)) == ExecutionStatus.SUCCEEDED) {
        succeeded++;
      }
    }
    if (succeeded != executions) {
      throw new IllegalStateException(succeeded + " of " + executions + " executions succeeded");
    }
    return succeeded;
  }
}

package dev.tyboo.benchmarks;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.NodeResult;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One node fans out to {@value #BRANCHES} branches that all feed one merge node: 102 nodes per
 * execution, 100 of them on virtual threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class FanOutBenchmark {

  /** Parallel branches. */
  public static final int BRANCHES = 100;

  private Engine engine;
  private Workflow workflow;
  private List<Item> input;

  @Setup(Level.Trial)
  public void setUp() {
    NodeFunction noop = ctx -> NodeResult.of(ctx.input());
    WorkflowBuilder b = Workflow.named("fan").node("start", noop).node("merge", noop);
    for (int i = 0; i < BRANCHES; i++) {
      b.node("b" + i, noop).connect("start", "b" + i).connect("b" + i, "merge");
    }
    workflow = b.build();
    input = Item.listOf(Map.of("id", 1));
    engine = Engine.builder().recordNodeRuns(false).build();
    Execution run = engine.run(workflow, input);
    if (run.status() != ExecutionStatus.SUCCEEDED || run.output("merge").size() != BRANCHES) {
      throw new IllegalStateException("fan-out workflow misbehaved: " + run.status());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** One execution of the fan-out/fan-in workflow. */
  @Benchmark
  public Execution fanOut100() {
    return engine.run(workflow, input);
  }
}

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
import java.util.function.UnaryOperator;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * A workflow of {@value #NODES} no-op nodes in a chain: Tyboo without and with node-run history,
 * the same ten calls made directly (the floor), and Operaton on the same chain. One operation is
 * one whole execution; divide by {@value #NODES} for the cost per node (the results script does).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ChainBenchmark {

  /** Nodes in the chain. */
  public static final int NODES = 10;

  private Engine noHistory;
  private Engine withHistory;
  private Workflow workflow;
  private List<Item> input;
  private UnaryOperator<List<Item>>[] direct;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() {
    NodeFunction noop = ctx -> NodeResult.of(ctx.input());
    WorkflowBuilder b = Workflow.named("chain");
    for (int i = 0; i < NODES; i++) {
      b.node("n" + i, noop);
      if (i > 0) {
        b.connect("n" + (i - 1), "n" + i);
      }
    }
    workflow = b.build();
    input = Item.listOf(Map.of("orderId", 42, "total", 120.5));
    noHistory = Engine.builder().recordNodeRuns(false).build();
    withHistory = Engine.builder().build();
    direct = new UnaryOperator[NODES];
    for (int i = 0; i < NODES; i++) {
      direct[i] = items -> List.copyOf(items);
    }
    check(noHistory.run(workflow, input));
  }

  private static void check(Execution run) {
    if (run.status() != ExecutionStatus.SUCCEEDED) {
      throw new IllegalStateException("benchmark workflow did not succeed: " + run.status());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    noHistory.close();
    withHistory.close();
  }

  /** Operaton with history level none, set up only for the benchmark that uses it. */
  @State(Scope.Benchmark)
  public static class OperatonNone {
    OperatonChain chain;

    @Setup(Level.Trial)
    public void setUp() {
      chain = new OperatonChain(NODES, "none", 4);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      chain.close();
    }
  }

  /** Operaton with history level audit, set up only for the benchmark that uses it. */
  @State(Scope.Benchmark)
  public static class OperatonAudit {
    OperatonChain chain;

    @Setup(Level.Trial)
    public void setUp() {
      chain = new OperatonChain(NODES, "audit", 4);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      chain.close();
    }
  }

  /** The floor: ten direct calls that copy the item list, as a no-op node's result does. */
  @Benchmark
  public void bareJava(Blackhole bh) {
    List<Item> items = input;
    for (UnaryOperator<List<Item>> call : direct) {
      items = call.apply(items);
    }
    bh.consume(items);
  }

  /** Tyboo, in memory, keeping only statuses and outputs. */
  @Benchmark
  public Execution tybooNoHistory() {
    return noHistory.run(workflow, input);
  }

  /** Tyboo, in memory, recording every node run (timings, attempts). */
  @Benchmark
  public Execution tybooWithHistory() {
    return withHistory.run(workflow, input);
  }

  /** Operaton embedded on in-memory H2, history level none. */
  @Benchmark
  public Object operatonHistoryNone(OperatonNone operaton) {
    return operaton.chain.run();
  }

  /** Operaton embedded on in-memory H2, history level audit. */
  @Benchmark
  public Object operatonHistoryAudit(OperatonAudit operaton) {
    return operaton.chain.run();
  }
}

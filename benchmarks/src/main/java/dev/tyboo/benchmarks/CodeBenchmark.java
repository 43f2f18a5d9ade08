package dev.tyboo.benchmarks;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.CoreNodes;
import dev.tyboo.nodes.code.Code;
import dev.tyboo.nodes.code.GraalScriptSandbox;
import dev.tyboo.spi.script.Script;
import dev.tyboo.spi.script.ScriptFunction;
import dev.tyboo.spi.script.ScriptResult;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * The Code node on {@link GraalScriptSandbox}, interpreted (a stock JDK, no JVM flags): a call over
 * {@value #ITEMS} items.
 *
 * <ul>
 *   <li>{@code sandboxCall}: the sandbox alone, the code in a plain function of the Code node's
 *       data, in the warm context its earlier runs left (the budget's case: 100 us).
 *   <li>{@code sandboxCallFresh}: the same in a fresh context per run ({@code warmContexts(0)}), as
 *       before warm contexts.
 *   <li>{@code bareJava}: the same transformation written in Java over the same maps (baseline).
 *   <li>{@code codeNode}: a workflow of one Code node on an in-memory engine, start to end (150
 *       us).
 *   <li>{@link FirstRun#newCode}: the first run of code the sandbox has not seen (a new workflow's
 *       Code node), once the sandbox is warm and has its prepared contexts ready (5 ms).
 *   <li>{@link Cold#firstContext}: a new sandbox (its GraalJS warm-up included) and its first call,
 *       in a fresh JVM each time.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class CodeBenchmark {

  /** Items per call. */
  public static final int ITEMS = 100;

  /** A typical transformation: rename, compute, filter nothing. */
  public static final String CODE =
      "return items.map(({ json }) => ({ json: { id: json.id, name: json.name.toUpperCase(),"
          + " total: json.price * json.quantity } }));";

  private GraalScriptSandbox sandbox;
  private GraalScriptSandbox freshSandbox;
  private Engine engine;
  private Workflow workflow;
  private List<Item> items;
  private Script script;
  private List<Object> arguments;

  @Setup(Level.Trial)
  public void setUp() {
    sandbox = GraalScriptSandbox.create();
    freshSandbox = GraalScriptSandbox.builder().warmContexts(0).build();
    EngineBuilder b = Engine.builder().scriptSandbox(sandbox).recordNodeRuns(false);
    CoreNodes.all().forEach(b::nodeType);
    engine = b.build();
    workflow = Workflow.named("code").node("code", Code.javaScript(CODE)).build();
    items =
        IntStream.range(0, ITEMS)
            .mapToObj(
                i -> Item.of(Map.of("id", i, "name", "item " + i, "price", 2.5, "quantity", i)))
            .toList();
    script = plain(CODE);
    arguments = List.of(data(items), (ScriptFunction) a -> null, (ScriptFunction) a -> null);
    check(sandboxCall());
    check(sandboxCallFresh());
    if (codeNode().output("code").size() != ITEMS) {
      throw new IllegalStateException("the Code node did not return " + ITEMS + " items");
    }
  }

  /** The code in a function of the Code node's data, as the Code node's wrapper does. */
  static Script plain(String code) {
    return Script.of(
        Script.JAVASCRIPT,
        "bench",
        "(function (data, lookup, failed) { const items = data.items;\n" + code + "\n})");
  }

  static Map<String, Object> data(List<Item> items) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(
        "items",
        items.stream()
            .map(i -> Map.<String, Object>of("json", i.json(), "binary", Map.of()))
            .toList());
    data.put("vars", Map.of());
    data.put("execution", Map.of("id", "bench"));
    data.put("workflow", Map.of("name", "code"));
    data.put("now", 0L);
    return data;
  }

  private static void check(ScriptResult r) {
    if (!(r.value() instanceof List<?> l) || l.size() != ITEMS) {
      throw new IllegalStateException("the script returned " + r.value());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    sandbox.close();
    freshSandbox.close();
  }

  @Benchmark
  public ScriptResult sandboxCallFresh() {
    return freshSandbox.run(script, arguments);
  }

  @Benchmark
  public List<Map<String, Object>> bareJava() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> in =
        (List<Map<String, Object>>) ((Map<String, Object>) arguments.get(0)).get("items");
    List<Map<String, Object>> out = new java.util.ArrayList<>(in.size());
    for (Map<String, Object> item : in) {
      @SuppressWarnings("unchecked")
      Map<String, Object> json = (Map<String, Object>) item.get("json");
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", json.get("id"));
      o.put("name", ((String) json.get("name")).toUpperCase(java.util.Locale.ROOT));
      o.put(
          "total",
          ((Number) json.get("price")).doubleValue() * ((Number) json.get("quantity")).intValue());
      out.add(Map.of("json", o));
    }
    return out;
  }

  @Benchmark
  public ScriptResult sandboxCall() {
    return sandbox.run(script, arguments);
  }

  @Benchmark
  public Execution codeNode() {
    Execution run = engine.start(workflow, items);
    if (run.await(Duration.ofSeconds(10)) != ExecutionStatus.SUCCEEDED) {
      throw new IllegalStateException("the Code node failed: " + run.error());
    }
    return run;
  }

  /**
   * The first run of code the sandbox has not run before (a new workflow's Code node), on a warm
   * sandbox (3,000 runs of one script and 300 first runs of others before the measurement) whose
   * prepared contexts are ready: each invocation waits, untimed, for the preparer.
   */
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 20)
  @Measurement(iterations = 30)
  @State(Scope.Benchmark)
  public static class FirstRun {
    /** 16: warm contexts (the default); 0: a fresh context per run, as before. */
    @Param({"16", "0"})
    public int warmContexts;

    private GraalScriptSandbox sandbox;
    private List<Object> arguments;
    private int n;
    private Script next;

    @Setup(Level.Trial)
    public void setUp() {
      sandbox = GraalScriptSandbox.builder().warmContexts(warmContexts).build();
      arguments =
          List.of(
              data(
                  IntStream.range(0, ITEMS)
                      .mapToObj(
                          i ->
                              Item.of(
                                  Map.of(
                                      "id", i, "name", "item " + i, "price", 2.5, "quantity", i)))
                      .toList()),
              (ScriptFunction) a -> null,
              (ScriptFunction) a -> null);
      // a warm sandbox: the JVM has compiled the interpreter and the parser, as in an application
      // that has run code for a while (3,000 runs of one script, 300 first runs of others)
      Script known = plain(CODE);
      for (int i = 0; i < 3_000; i++) {
        sandbox.run(known, arguments);
      }
      for (int i = 0; i < 300; i++) {
        sandbox.run(plain(CODE + "\n// warm-up " + i), arguments);
      }
    }

    @Setup(Level.Invocation)
    public void prepareNewCode() throws InterruptedException {
      next = plain(CODE + "\n// workflow " + n++);
      // the preparer refills its contexts in the background (tens of ms each when interpreted)
      Thread.sleep(400);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      sandbox.close();
    }

    @Benchmark
    public ScriptResult newCode() {
      return sandbox.run(next, arguments);
    }
  }

  /** The first call of a new sandbox, in a fresh JVM: what the first Code node of an app pays. */
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(
      value = 5,
      jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"
      })
  @State(Scope.Thread)
  public static class Cold {

    @Benchmark
    public ScriptResult firstContext() {
      try (GraalScriptSandbox s = GraalScriptSandbox.create()) {
        return s.run(
            plain(CODE),
            List.of(
                data(List.of(Item.of(Map.of("id", 1, "name", "a", "price", 1, "quantity", 1)))),
                (ScriptFunction) a -> null,
                (ScriptFunction) a -> null));
      }
    }
  }
}

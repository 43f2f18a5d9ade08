package dev.tyboo.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.CheckpointMode;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.persistence.jdbc.JdbcStorage;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Durable execution on a database: {@code chain10} is one execution of 10 no-op nodes, started and
 * awaited (per node = score / 10); {@code concurrent100} starts 100 such executions at once and
 * awaits all (1,000 node checkpoints per operation). {@code engines = 2} runs two engines with
 * their own pools on the same database (in this JVM) sharing the work. The SQL statements sent per
 * node are counted and written to {@code
 * target/durable-sql-<benchmark>-<database>-<engines>-<checkpointMode>.txt}. {@code checkpointMode}
 * runs the engines with synchronous (default) or relaxed checkpoints.
 *
 * <p>The floors, in the same run: {@code floorChain10} commits ten one-row inserts one after the
 * other on one connection (one commit per node, nothing else: what {@code chain10} cannot beat
 * while it commits each node before the next); {@code floorConcurrent100} commits 1,000 one-row
 * inserts from 10 threads on the engine's pool size (what {@code concurrent100} would cost at one
 * commit per checkpoint, without group commit).
 *
 * <p>{@code database} also takes {@code h2-file} (an H2 file in a temporary directory, {@code
 * WRITE_DELAY=0}) and {@code mariadb} ({@code TYBOO_BENCH_MARIADB_URL}, default {@code
 * jdbc:mariadb://127.0.0.1:3306/}, user {@code TYBOO_BENCH_MARIADB_USER}, default {@code root}, a
 * database per trial): {@code -p database=h2-file,mariadb}; the CI smoke runs the two defaults.
 *
 * <p>PostgreSQL comes from {@code TYBOO_BENCH_POSTGRES_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}, user {@code TYBOO_BENCH_POSTGRES_USER}, default {@code
 * postgres}); each trial uses a schema of its own, dropped afterwards.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DurableBenchmark {

  @Param({"h2", "postgresql"})
  public String database;

  @Param({"1", "2"})
  public int engines;

  @Param({"SYNCHRONOUS", "ASYNCHRONOUS"})
  public String checkpointMode;

  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong nodes = new AtomicLong();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final List<Engine> running = new ArrayList<>();
  private String schema;
  private Engine engine;
  private Workflow chain;
  private ExecutorService floorThreads;
  private java.nio.file.Path h2Dir;

  /** MariaDB's server URL up to the database name, and its user (trust: no password). */
  private static final String MARIADB_URL =
      System.getenv().getOrDefault("TYBOO_BENCH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");

  private static final String MARIADB_USER =
      System.getenv().getOrDefault("TYBOO_BENCH_MARIADB_USER", "root");
  private final AtomicLong floorIds = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    schema = "tyboo_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String url;
    String user = "sa";
    switch (database) {
      case "postgresql" -> {
        BenchPostgres.execute("CREATE SCHEMA " + schema);
        url = BenchPostgres.inSchema(schema);
        user = BenchPostgres.USER;
      }
      case "mariadb" -> {
        try (Connection c = DriverManager.getConnection(MARIADB_URL + "test", MARIADB_USER, "");
            Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + schema);
        }
        url = MARIADB_URL + schema;
        user = MARIADB_USER;
      }
      case "h2-file" -> {
        try {
          h2Dir = java.nio.file.Files.createTempDirectory("tyboo-bench-h2");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        url = "jdbc:h2:file:" + h2Dir.resolve(schema) + ";WRITE_DELAY=0"; // commits reach the file
      }
      default -> url = "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1";
    }
    NodeType noop = noop(nodes);
    for (int i = 0; i < engines; i++) {
      HikariDataSource pool = BenchPostgres.pool(url, user, 10);
      pools.add(pool);
      Storage storage = JdbcStorage.create(counting(pool, statements));
      Engine e =
          Engine.builder()
              .storage(storage)
              .durableOptions(
                  DurableOptions.builder()
                      .workerId("bench-" + i)
                      .pollInterval(Duration.ofMillis(50))
                      .checkpointMode(CheckpointMode.valueOf(checkpointMode))
                      .build())
              .nodeType(noop)
              .build();
      running.add(e);
    }
    engine = running.get(0);
    WorkflowBuilder b = Workflow.named("chain10");
    for (int i = 1; i <= 10; i++) {
      b.node("n" + i, NodeDefinition.of(noop, Map.of()));
      if (i > 1) {
        b.connect("n" + (i - 1), "n" + i);
      }
    }
    chain = b.build();
    engine.deploy(chain);
    try (Connection c = pools.get(0).getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE tyboo_bench_floor (id BIGINT PRIMARY KEY, v VARCHAR(64))");
    }
    floorThreads = Executors.newFixedThreadPool(10);
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) throws IOException, SQLException {
    floorThreads.shutdownNow();
    running.forEach(e -> e.shutdown(Duration.ofSeconds(5)));
    long n = Math.max(1, nodes.get());
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    Reports.write(
        "durable-sql-" + method + "-" + database + "-" + engines + "-" + checkpointMode + ".txt",
        String.format(
            "%d statements for %d node runs: %.2f per node (execution start, claim, restore and end"
                + " included)%n",
            statements.get(), nodes.get(), statements.get() / (double) n));
    pools.forEach(HikariDataSource::close);
    if (database.equals("postgresql")) {
      BenchPostgres.execute("DROP SCHEMA " + schema + " CASCADE");
    } else if (database.equals("mariadb")) {
      try (Connection c = DriverManager.getConnection(MARIADB_URL + "test", MARIADB_USER, "");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE " + schema);
      }
    } else if (h2Dir != null) {
      try (var files = java.nio.file.Files.walk(h2Dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** One execution of a 10-node chain, start to end. */
  @Benchmark
  public ExecutionStatus chain10() {
    return engine.startDeployed("chain10", List.of(Item.empty())).await(Duration.ofMinutes(1));
  }

  /** 100 executions of the 10-node chain at once: 1,000 node checkpoints. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int concurrent100() {
    List<Execution> started = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      started.add(engine.startDeployed("chain10", List.of(Item.empty())));
    }
    int ok = 0;
    for (Execution e : started) {
      if (e.await(Duration.ofMinutes(1)) == ExecutionStatus.SUCCEEDED) {
        ok++;
      }
    }
    if (ok != 100) {
      throw new IllegalStateException(ok + " of 100 executions succeeded");
    }
    return ok;
  }

  /** The floor of {@link #chain10}: ten one-row commits, one after the other. */
  @Benchmark
  public long floorChain10() throws SQLException {
    try (Connection c = pools.get(0).getConnection()) {
      return insertAndCommit(c, 10);
    }
  }

  /**
   * The floor of {@link #concurrent100} without group commit: 1,000 one-row commits, 10 threads.
   */
  @Benchmark
  public long floorConcurrent100() throws Exception {
    List<Future<Long>> parts = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      parts.add(
          floorThreads.submit(
              () -> {
                try (Connection c = pools.get(0).getConnection()) {
                  return insertAndCommit(c, 100);
                }
              }));
    }
    long n = 0;
    for (Future<Long> f : parts) {
      n += f.get();
    }
    return n;
  }

  private long insertAndCommit(Connection c, int rows) throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO tyboo_bench_floor (id, v) VALUES (?, ?)")) {
      for (int i = 0; i < rows; i++) {
        ps.setLong(1, floorIds.incrementAndGet());
        ps.setString(2, "checkpoint");
        ps.executeUpdate();
      }
    }
    return rows;
  }

  private static NodeType noop(AtomicLong counter) {
    NodeDescriptor d = NodeDescriptor.builder("bench.noop").build();
    return new NodeType() {
      @Override
      public NodeDescriptor descriptor() {
        return d;
      }

      @Override
      public NodeResult execute(NodeContext ctx) {
        counter.incrementAndGet();
        return NodeResult.of(ctx.input());
      }
    };
  }

  /** A DataSource that counts the statements executed through it. */
  static DataSource counting(DataSource target, AtomicLong count) {
    return proxy(
        DataSource.class,
        target,
        (m, result) ->
            m.getName().equals("getConnection")
                ? proxy(
                    Connection.class,
                    result,
                    (cm, statement) ->
                        cm.getName().startsWith("prepare") || cm.getName().equals("createStatement")
                            ? proxy(
                                cm.getReturnType(),
                                statement,
                                (sm, r) -> {
                                  if (sm.getName().startsWith("execute")) {
                                    count.incrementAndGet();
                                  }
                                  return r;
                                })
                            : statement)
                : result);
  }

  private interface AfterCall {
    Object after(Method m, Object result) throws Exception;
  }

  private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
    return type.cast(
        Proxy.newProxyInstance(
            DurableBenchmark.class.getClassLoader(),
            new Class<?>[] {type},
            (p, m, args) -> {
              Object result;
              try {
                result = m.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              return after.after(m, result);
            }));
  }
}

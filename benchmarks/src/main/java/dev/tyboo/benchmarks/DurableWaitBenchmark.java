package dev.tyboo.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.persistence.jdbc.JdbcStorage;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
 * {@code executions} durable executions on PostgreSQL, each waiting in {@link Wait#forResume()}:
 * one operation starts them all and returns once every one of them waits (parked in the store,
 * holding no thread). The forked JVM has a 512 MB heap; after the operation the heap in use (after
 * a GC) and the live threads are written to {@code target/durable-wait-<executions>.txt}. Run it
 * with {@code -p executions=100000} for the budget; the default keeps the CI smoke short.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Benchmark)
public class DurableWaitBenchmark {

  @Param({"1000"})
  public int executions;

  private String schema;
  private HikariDataSource pool;
  private Engine engine;
  private Workflow workflow;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    schema = "tyboo_wait_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    BenchPostgres.execute("CREATE SCHEMA " + schema);
    pool = BenchPostgres.pool(BenchPostgres.inSchema(schema), BenchPostgres.USER, 10);
    engine =
        Engine.builder()
            .storage(JdbcStorage.create(pool))
            .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(50)).build())
            .build();
    workflow = Workflow.named("approval").node("ask", Wait.forResume()).build();
    engine.deploy(workflow);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    int threads = Thread.activeCount();
    engine.shutdown(Duration.ofSeconds(5));
    pool.close();
    Reports.write(
        "durable-wait-" + executions + ".txt",
        String.format(
            "%d executions waiting: %d MB of heap in use after a GC, %d live platform threads%n",
            executions, heap / (1024 * 1024), threads));
    BenchPostgres.execute("DROP SCHEMA " + schema + " CASCADE");
  }

  /** Starts every execution and returns once all of them wait. */
  @Benchmark
  public long startAndPark() throws InterruptedException {
    for (int i = 0; i < executions; i++) {
      engine.startDeployed("approval", List.of(Item.empty()));
    }
    ExecutionQuery waiting =
        ExecutionQuery.builder().workflow("approval").status(ExecutionStatus.WAITING).build();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (true) {
      long n = engine.executions().query(waiting.withPage(0, 1)).total();
      if (n >= executions) {
        return n;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(n + " of " + executions + " wait after 30 minutes");
      }
      Thread.sleep(100);
    }
  }
}

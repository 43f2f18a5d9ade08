package dev.tyboo.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import dev.dbos.transact.workflow.WorkflowHandle;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * DBOS Transact (the Java library that checkpoints workflow steps in PostgreSQL) on the shapes of
 * {@link DurableBenchmark}, in the same run and on the same database: {@code chain10} is one
 * workflow of 10 no-op steps, started and awaited; {@code concurrent100} starts 100 of them at once
 * and awaits all. Each trial uses a schema of its own, dropped afterwards; the pool has the size of
 * the Tyboo engine's. The SQL statements per step are counted as {@link DurableBenchmark} counts
 * them and written to {@code target/dbos-sql-<benchmark>.txt}. PostgreSQL comes from {@code
 * TYBOO_BENCH_POSTGRES_URL} and {@code TYBOO_BENCH_POSTGRES_USER}, as for {@link DurableBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DbosBenchmark {

  /** The workflow's interface, as DBOS proxies it. */
  public interface Chain {
    /**
     * {@return the number of steps run}
     *
     * @param steps how many no-op steps to run
     */
    int run(int steps);
  }

  /** Ten no-op steps, each checkpointed by DBOS. */
  public static final class ChainImpl implements Chain {
    private final DBOS dbos;
    private final AtomicLong counter;

    ChainImpl(DBOS dbos, AtomicLong counter) {
      this.dbos = dbos;
      this.counter = counter;
    }

    @Override
    @Workflow(name = "chain10")
    public int run(int steps) {
      int n = 0;
      for (int i = 1; i <= steps; i++) {
        n += dbos.runStep(() -> 1, "n" + i);
      }
      counter.addAndGet(n);
      return n;
    }
  }

  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong steps = new AtomicLong();
  private String schema;
  private HikariDataSource pool;
  private DBOS dbos;
  private Chain chain;

  @Setup(Level.Trial)
  public void setUp() {
    schema = "dbos_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    pool = BenchPostgres.pool(BenchPostgres.URL, BenchPostgres.USER, 10);
    dbos =
        new DBOS(
            DBOSConfig.defaults("tyboo-bench")
                .withDataSource(DurableBenchmark.counting(pool, statements))
                .withDatabaseSchema(schema)
                .withAdminServer(false));
    chain = dbos.registerProxy(Chain.class, new ChainImpl(dbos, steps));
    dbos.launch();
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) throws IOException, SQLException {
    dbos.shutdown();
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    Reports.write(
        "dbos-sql-" + method + ".txt",
        String.format(
            "%d statements for %d steps: %.2f per step (workflow start and end included)%n",
            statements.get(), steps.get(), statements.get() / (double) Math.max(1, steps.get())));
    pool.close();
    BenchPostgres.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** One workflow of 10 steps, start to end. */
  @Benchmark
  public int chain10() {
    return dbos.startWorkflow(() -> chain.run(10)).getResult();
  }

  /** 100 workflows of 10 steps at once: 1,000 step checkpoints. */
  @Benchmark
  public int concurrent100() {
    List<WorkflowHandle<Integer, RuntimeException>> started = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      started.add(dbos.startWorkflow(() -> chain.run(10)));
    }
    int steps = 0;
    for (WorkflowHandle<Integer, RuntimeException> h : started) {
      steps += h.getResult();
    }
    if (steps != 1_000) {
      throw new IllegalStateException(steps + " of 1,000 steps ran");
    }
    return steps;
  }
}

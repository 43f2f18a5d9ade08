package dev.tyboo.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.ProcessEngineConfiguration;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;
import org.operaton.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;

/**
 * Operaton (Camunda 7's Apache-2.0 fork) the durable way, on the shapes of {@link
 * DurableBenchmark}: 10 no-op service tasks, each with an asynchronous continuation (a job the job
 * executor runs and commits on its own), on PostgreSQL, without history. {@code chain10} starts one
 * process instance and awaits its end; {@code concurrent100} starts 100 and awaits all. Each trial
 * uses a database of its own, dropped afterwards; the statements per task are written to {@code
 * target/operaton-sql-<benchmark>.txt}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OperatonDurableBenchmark {

  private static final int TASKS = 10;

  /** The ends of the process instances being awaited, by instance id. */
  static final Map<String, CompletableFuture<Void>> ENDS = new ConcurrentHashMap<>();

  /** Completes the await of an instance when its end event is reached. */
  public static final class EndListener implements ExecutionListener {
    @Override
    public void notify(DelegateExecution execution) {
      ENDS.computeIfAbsent(execution.getProcessInstanceId(), k -> new CompletableFuture<>())
          .complete(null);
    }
  }

  /** A service task that does nothing; Operaton instantiates it by class name. */
  public static final class Noop implements org.operaton.bpm.engine.delegate.JavaDelegate {
    static final AtomicLong RUNS = new AtomicLong();

    @Override
    public void execute(DelegateExecution execution) {
      RUNS.incrementAndGet();
    }
  }

  private final AtomicLong statements = new AtomicLong();
  private String database;
  private HikariDataSource pool;
  private ProcessEngine engine;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    database = "operaton_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    BenchPostgres.execute("CREATE DATABASE " + database);
    pool = BenchPostgres.pool(BenchPostgres.ofDatabase(database), BenchPostgres.USER, 20);
    DefaultJobExecutor jobs = new DefaultJobExecutor();
    jobs.setCorePoolSize(10);
    jobs.setMaxPoolSize(10);
    jobs.setMaxJobsPerAcquisition(10);
    jobs.setWaitTimeInMillis(5);
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl)
            ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration()
                .setDataSource(DurableBenchmark.counting(pool, statements))
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setHistory(ProcessEngineConfiguration.HISTORY_NONE)
                .setJobExecutorActivate(true);
    config.setJobExecutor(jobs);
    config.setProcessEngineName("operaton-durable-" + database);
    config.setMetricsEnabled(false);
    config.setDbMetricsReporterActivate(false);
    engine = config.buildProcessEngine();
    AbstractFlowNodeBuilder<?, ?> builder = Bpmn.createExecutableProcess("chain10").startEvent();
    for (int i = 0; i < TASKS; i++) {
      builder = builder.serviceTask("t" + i).operatonAsyncBefore().operatonClass(Noop.class);
    }
    BpmnModelInstance model =
        builder
            .endEvent("end")
            .operatonExecutionListenerClass(ExecutionListener.EVENTNAME_END, EndListener.class)
            .done();
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance("chain10.bpmn", model)
        .deploy();
    statements.set(0);
    Noop.RUNS.set(0);
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) throws IOException, SQLException {
    long tasks = Noop.RUNS.get();
    engine.close();
    pool.close();
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    Reports.write(
        "operaton-sql-" + method + ".txt",
        String.format(
            "%d statements for %d service tasks: %.2f per task (start and end included)%n",
            statements.get(), tasks, statements.get() / (double) Math.max(1, tasks)));
    BenchPostgres.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  private CompletableFuture<Void> start() {
    String id = engine.getRuntimeService().startProcessInstanceByKey("chain10").getId();
    return ENDS.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  private static void await(CompletableFuture<Void> end, String what) {
    try {
      end.get(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(what + " did not end", e);
    }
  }

  /** One process instance of 10 asynchronous tasks, start to end. */
  @Benchmark
  public int chain10() {
    CompletableFuture<Void> end = start();
    await(end, "the instance");
    ENDS.values().remove(end);
    return TASKS;
  }

  /** 100 instances at once: 1,000 asynchronous tasks. */
  @Benchmark
  public int concurrent100() {
    List<CompletableFuture<Void>> ends = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      ends.add(start());
    }
    for (CompletableFuture<Void> end : ends) {
      await(end, "an instance");
      ENDS.values().remove(end);
    }
    return 100 * TASKS;
  }
}

package dev.tyboo.persistence.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.CheckpointMode;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine process for the multi-process and crash tests: {@code WorkerMain <jdbcUrl> <user>
 * <workerId> <leaseMillis> <submit> <expect> <nodes> <sleepMillis> [slots [checkpointMode]]}. It
 * submits {@code submit} executions of an effect chain, works until the database holds {@code
 * expect} executions and all have ended, then exits 0. It prints {@link #STARTED} once it has
 * submitted its executions.
 */
public final class WorkerMain {

  /** What a worker prints once its engine runs and its executions are submitted. */
  static final String STARTED = "worker started";

  private WorkerMain() {}

  /**
   * Starts a worker in a JVM of its own, on this test's class path, its output to a log file.
   *
   * @param log where its standard output and error go
   * @param args the worker's arguments (see the class comment)
   * @return the process
   * @throws IOException when the JVM cannot be started
   */
  static Process launch(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), "-Xmx256m", WorkerMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String worker = args[2];
    Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
    int submit = Integer.parseInt(args[4]);
    int expect = Integer.parseInt(args[5]);
    int nodes = Integer.parseInt(args[6]);
    long sleep = Long.parseLong(args[7]);
    int slots = args.length > 8 ? Integer.parseInt(args[8]) : 64;
    CheckpointMode mode =
        args.length > 9 ? CheckpointMode.valueOf(args[9]) : CheckpointMode.SYNCHRONOUS;
    try (HikariDataSource ds = TestDatabase.pool(url, user, "", 12)) {
      NodeType effect = Effects.type(ds, worker, sleep);
      Engine engine =
          Engine.builder()
              .storage(JdbcStorage.create(ds))
              .durableOptions(
                  DurableOptions.builder()
                      .workerId(worker)
                      .leaseTime(lease)
                      .pollInterval(Duration.ofMillis(100))
                      .maxActiveExecutions(slots)
                      .checkpointMode(mode)
                      .build())
              .nodeType(effect)
              .build();
      for (int i = 0; i < submit; i++) {
        engine.start(Effects.chain(effect, nodes), List.of(Item.empty()));
      }
      System.out.println(STARTED);
      while (!allEnded(ds, expect)) {
        Thread.sleep(100);
      }
      engine.shutdown(Duration.ofSeconds(5));
    }
    System.exit(0);
  }

  private static boolean allEnded(HikariDataSource ds, int expect) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*), SUM(CASE WHEN status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')"
                    + " THEN 1 ELSE 0 END) FROM tyboo_execution")) {
      rs.next();
      return rs.getInt(1) >= expect && rs.getInt(1) == rs.getInt(2);
    }
  }
}

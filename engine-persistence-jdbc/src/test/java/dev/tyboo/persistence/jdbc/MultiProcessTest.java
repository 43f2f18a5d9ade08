package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine processes (forked JVMs) sharing one PostgreSQL database: splitting the work, and taking
 * over from a process killed with SIGKILL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiProcessTest {

  private static final Logger LOG = LoggerFactory.getLogger(MultiProcessTest.class);
  private static final long LEASE_MILLIS = 2_000;

  private TestDatabase db;
  @TempDir Path logs;

  @BeforeAll
  void createDatabase() {
    db = TestDatabase.withEffects(Dialect.POSTGRESQL);
  }

  @AfterAll
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void clear() {
    db.clear();
  }

  private Process worker(String id, int submit, int expect, int nodes, long sleepMillis)
      throws IOException {
    return worker(id, LEASE_MILLIS, submit, expect, nodes, sleepMillis);
  }

  private Process worker(
      String id, long leaseMillis, int submit, int expect, int nodes, long sleepMillis)
      throws IOException {
    return WorkerMain.launch(
        logs.resolve(id + ".log"),
        db.url,
        db.user,
        id,
        Long.toString(leaseMillis),
        Integer.toString(submit),
        Integer.toString(expect),
        Integer.toString(nodes),
        Long.toString(sleepMillis));
  }

  private void awaitExit(Process p, String id) throws Exception {
    boolean exited = p.waitFor(2, TimeUnit.MINUTES);
    if (!exited) {
      p.destroyForcibly();
    }
    String log = Files.readString(logs.resolve(id + ".log"));
    if (!exited) {
      log +=
          "\nunfinished executions: "
              + query(
                  "SELECT id || ' ' || status || ' rev ' || revision || ' fence ' || fence"
                      + " FROM tyboo_execution WHERE status <> 'SUCCEEDED'",
                  rs -> rs.getString(1))
              + "\nwork: "
              + query(
                  "SELECT id || ' ' || execution_id || ' owner ' || COALESCE(owner, '-')"
                      + " || ' token ' || COALESCE(token, 0) || ' ready ' || ready_at"
                      + " || ' deliveries ' || deliveries FROM tyboo_work",
                  rs -> rs.getString(1))
              + "\ndead: "
              + query(
                  "SELECT execution_id || ' ' || reason FROM tyboo_dead_work",
                  rs -> rs.getString(1))
              + "\nnow micros: "
              + System.currentTimeMillis() * 1000;
    }
    assertThat(exited).as("worker %s exited in time; its log:%n%s", id, log).isTrue();
    assertThat(p.exitValue()).as("worker %s exit code; its log:%n%s", id, log).isZero();
  }

  private <T> List<T> query(String sql, Row<T> row) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return out;
    }
  }

  private interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  @Test
  void two_processes_share_a_thousand_executions_each_completing_exactly_once() throws Exception {
    // a lease long enough that no stall on this busy 2-core machine (two JVMs starting, JIT, GC,
    // PostgreSQL) lets one expire: without a lost lease, every node runs exactly once. With short
    // leases a stalled worker's node may run again elsewhere (at least once, as designed; the
    // SIGKILL test below covers that)
    Process a = worker("worker-a", 30_000, 1_000, 1_000, 3, 0);
    Process b = worker("worker-b", 30_000, 0, 1_000, 3, 0);
    awaitExit(a, "worker-a");
    awaitExit(b, "worker-b");

    assertThat(query("SELECT status, COUNT(*) FROM tyboo_execution GROUP BY status", this::pair))
        .containsExactly("SUCCEEDED=1000");
    assertThat(
            query(
                "SELECT COUNT(*) FROM (SELECT execution_id, node_id FROM tyboo_test_effect"
                    + " GROUP BY execution_id, node_id HAVING COUNT(*) <> 1) x",
                rs -> rs.getInt(1)))
        .as("node runs that ran other than exactly once")
        .containsExactly(0);
    assertThat(query("SELECT COUNT(*) FROM tyboo_test_effect", rs -> rs.getInt(1)))
        .containsExactly(3_000);
    List<String> perWorker =
        query(
            "SELECT worker, COUNT(DISTINCT execution_id) FROM tyboo_test_effect GROUP BY worker"
                + " ORDER BY worker",
            this::pair);
    LOG.info("executions per worker: {}", perWorker);
    assertThat(perWorker).as("both processes did work").hasSize(2);
    assertThat(query("SELECT COUNT(*) FROM tyboo_work", rs -> rs.getInt(1))).containsExactly(0);
  }

  private String pair(ResultSet rs) throws SQLException {
    return rs.getString(1) + "=" + rs.getInt(2);
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES) // 40 JVMs, each on a 2-minute bound
  void a_worker_killed_at_a_random_moment_is_taken_over_without_losing_or_rerunning_work()
      throws Exception {
    int rounds = 20;
    int executions = 20;
    int nodes = 5;
    List<Long> takeovers = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      clear();
      String victim = "victim-" + round;
      Process a = worker(victim, executions, executions, nodes, 30);
      int killAfterEffects = ThreadLocalRandom.current().nextInt(5, executions * nodes / 2);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (effects() < killAfterEffects || submitted() < executions) {
        assertThat(System.nanoTime()).as("worker %s made progress", victim).isLessThan(deadline);
        Thread.sleep(5);
      }
      a.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
      a.waitFor();
      long killedAt = System.currentTimeMillis();
      Set<String> finished =
          new HashSet<>(
              query(
                  "SELECT execution_id || '/' || node_id FROM tyboo_node_run"
                      + " WHERE status = 'SUCCEEDED'",
                  rs -> rs.getString(1)));
      Set<String> inFlight =
          new HashSet<>(
              query(
                  "SELECT id FROM tyboo_execution WHERE status = 'RUNNING'",
                  rs -> rs.getString(1)));

      String heir = "heir-" + round;
      Process b = worker(heir, 0, executions, nodes, 30);
      awaitExit(b, heir);

      assertThat(query("SELECT status, COUNT(*) FROM tyboo_execution GROUP BY status", this::pair))
          .as("round %d: every execution finished", round)
          .containsExactly("SUCCEEDED=" + executions);
      Map<String, Integer> ran = new HashMap<>();
      for (String key :
          query(
              "SELECT execution_id || '/' || node_id FROM tyboo_test_effect",
              rs -> rs.getString(1))) {
        ran.merge(key, 1, Integer::sum);
      }
      assertThat(ran).as("round %d: every node ran", round).hasSize(executions * nodes);
      for (String done : finished) {
        assertThat(ran.get(done))
            .as("round %d: %s was checkpointed before the kill and must not run again", round, done)
            .isEqualTo(1);
      }
      if (!inFlight.isEmpty()) {
        String in = "'" + String.join("','", inFlight) + "'";
        long first =
            query(
                    "SELECT MIN(at_millis) FROM tyboo_test_effect WHERE worker = '"
                        + heir
                        + "' AND execution_id IN ("
                        + in
                        + ")",
                    rs -> rs.getLong(1))
                .get(0);
        takeovers.add(first - killedAt);
      }
    }
    LOG.info(
        "takeover after SIGKILL (lease {} ms), per round with work in flight: {} ms",
        LEASE_MILLIS,
        takeovers);
    assertThat(takeovers)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(LEASE_MILLIS + 1_000));
  }

  private int submitted() throws SQLException {
    return query("SELECT COUNT(*) FROM tyboo_execution", rs -> rs.getInt(1)).get(0);
  }

  private int effects() throws SQLException {
    return query("SELECT COUNT(*) FROM tyboo_test_effect", rs -> rs.getInt(1)).get(0);
  }
}

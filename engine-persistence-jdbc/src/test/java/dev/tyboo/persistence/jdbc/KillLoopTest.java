package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many executions through a chain of engine processes, each killed with SIGKILL at a random moment
 * (seeded: set {@code -Dtyboo.killLoop.seed} to replay a run's kill times), on an H2 file and on
 * PostgreSQL (there also with {@code CheckpointMode.ASYNCHRONOUS}). After the last process: every
 * execution succeeded, every node ran, and no node checkpointed before a kill ran again.
 *
 * <p>On H2 one process at a time opens the file; the test reads it between processes.
 */
class KillLoopTest {

  private static final Logger LOG = LoggerFactory.getLogger(KillLoopTest.class);

  // the shape of the loop; system properties tyboo.killLoop.* change it for longer hunts
  private static final int EXECUTIONS = Integer.getInteger("tyboo.killLoop.executions", 200);
  private static final int NODES = Integer.getInteger("tyboo.killLoop.nodes", 4);
  private static final int KILLS = Integer.getInteger("tyboo.killLoop.kills", 20);
  private static final long LEASE_MILLIS = 1_000;
  private static final long NODE_MILLIS = Integer.getInteger("tyboo.killLoop.nodeMillis", 300);
  private static final int SLOTS = Integer.getInteger("tyboo.killLoop.slots", 8);

  // kept when a run fails: the database files are the evidence
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private String url;
  private String user;

  @Timeout(value = 15, unit = TimeUnit.MINUTES) // 20 JVMs and a heir, each on a 3-minute bound
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2-file", "postgresql", "postgresql-async-checkpoints"})
  void executions_survive_twenty_kills_without_losing_or_rerunning_checkpointed_work(String kind)
      throws Exception {
    String only = System.getProperty("tyboo.killLoop.kind");
    Assumptions.assumeTrue(only == null || only.equals(kind), "tyboo.killLoop.kind=" + only);
    long seed = Long.getLong("tyboo.killLoop.seed", System.nanoTime());
    LOG.info(
        "kill loop on {} with seed {} (-Dtyboo.killLoop.seed={} replays it)", kind, seed, seed);
    Random random = new Random(seed);
    this.kind = kind;
    TestDatabase pg = null;
    if (kind.equals("h2-file")) {
      url = "jdbc:h2:file:" + dir.resolve("engine") + ";WRITE_DELAY=0";
      user = "sa";
    } else {
      pg = TestDatabase.create(Dialect.POSTGRESQL);
      url = pg.url;
      user = pg.user;
    }
    try {
      execute(Effects.TABLE);
      Set<String> checkpointed = new HashSet<>();
      Map<String, Integer> runsWhenCheckpointed = new HashMap<>();
      int killed = 0;
      for (int round = 0; round < KILLS; round++) {
        String id = "victim-" + round;
        Process p = worker(id, round == 0 ? EXECUTIONS : 0);
        awaitStarted(p, id);
        Thread.sleep(200 + random.nextInt(1_000)); // about half the work gets done over 20 kills
        if (!p.isAlive()) {
          break; // everything ended before this kill
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
        p.waitFor();
        killed++;
        Set<String> now =
            new HashSet<>(
                query(
                    "SELECT execution_id || '/' || node_id FROM tyboo_node_run"
                        + " WHERE status = 'SUCCEEDED'"));
        assertThat(now)
            .as("round %d: checkpoints survive the kill (seed %d)", round, seed)
            .containsAll(checkpointed);
        Map<String, Integer> ran = runs();
        for (String node : now) {
          runsWhenCheckpointed.putIfAbsent(node, ran.get(node));
        }
        checkpointed = now;
      }
      assertThat(killed).as("kills with work left (seed %d)", seed).isEqualTo(KILLS);

      Process heir = worker("heir", 0);
      awaitExit(heir, "heir", seed);

      assertThat(query("SELECT status || '=' || COUNT(*) FROM tyboo_execution GROUP BY status"))
          .as("every execution finished (seed %d)", seed)
          .containsExactly("SUCCEEDED=" + EXECUTIONS);
      Map<String, Integer> ran = runs();
      assertThat(ran).as("every node ran (seed %d)", seed).hasSize(EXECUTIONS * NODES);
      runsWhenCheckpointed.forEach(
          (node, runs) ->
              assertThat(ran.get(node))
                  .as(
                      "%s was checkpointed before a kill and must not run again (seed %d)",
                      node, seed)
                  .isEqualTo(runs));
      assertThat(query("SELECT COUNT(*) FROM tyboo_work")).containsExactly("0");
      long reruns = ran.values().stream().filter(n -> n > 1).count();
      LOG.info(
          "kill loop on {}: {} kills, {} node runs, {} nodes ran again (in flight at a kill)",
          kind,
          killed,
          ran.values().stream().mapToInt(Integer::intValue).sum(),
          reruns);
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }

  /** {@return how often each node ran, by "execution/node"} */
  private Map<String, Integer> runs() throws SQLException {
    Map<String, Integer> ran = new HashMap<>();
    for (String key : query("SELECT execution_id || '/' || node_id FROM tyboo_test_effect")) {
      ran.merge(key, 1, Integer::sum);
    }
    return ran;
  }

  private String kind;

  private Process worker(String id, int submit) throws IOException {
    return WorkerMain.launch(
        dir.resolve(id + ".log"),
        url,
        user,
        id,
        Long.toString(LEASE_MILLIS),
        Integer.toString(submit),
        Integer.toString(EXECUTIONS),
        Integer.toString(NODES),
        Long.toString(NODE_MILLIS),
        Integer.toString(SLOTS),
        kind.endsWith("async-checkpoints") ? "ASYNCHRONOUS" : "SYNCHRONOUS");
  }

  /** Waits until the worker has built its engine (and, the first, submitted every execution). */
  private void awaitStarted(Process p, String id) throws Exception {
    Path log = dir.resolve(id + ".log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains(WorkerMain.STARTED)) {
      assertThat(p.isAlive() || Files.readString(log).contains(WorkerMain.STARTED))
          .as("worker %s starts; its log:%n%s", id, Files.readString(log))
          .isTrue();
      assertThat(System.nanoTime()).as("worker %s started in time", id).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private void awaitExit(Process p, String id, long seed) throws Exception {
    boolean exited = p.waitFor(3, TimeUnit.MINUTES);
    if (!exited) {
      p.destroyForcibly();
      p.waitFor();
    }
    String log = Files.readString(dir.resolve(id + ".log"));
    if (!exited) {
      log +=
          "\nunfinished: "
              + query(
                  "SELECT id || ' ' || status || ' rev ' || revision FROM tyboo_execution"
                      + " WHERE status <> 'SUCCEEDED'")
              + "\nwork: "
              + query(
                  "SELECT execution_id || ' ready ' || ready_at || ' deliveries ' || deliveries"
                      + " FROM tyboo_work");
    }
    assertThat(exited)
        .as("worker %s exited in time (seed %d, files in %s); its log:%n%s", id, seed, dir, log)
        .isTrue();
    assertThat(p.exitValue()).as("worker %s exit code; its log:%n%s", id, log).isZero();
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of every row, as text; the connection is closed before the next worker. */
  private List<String> query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}

package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.persistence.jdbc.internal.H2IndexRepair;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file database as the kill loop left it once (H2 2.5.252, killed in a commit): the
 * checkpoint row of node {@code n1} of one execution is stored, but its table's foreign-key index
 * lacks it and its primary-key index holds it as written by the dead transaction. Every later
 * checkpoint of that node then waited on a lock that nobody holds ("Timeout trying to lock table",
 * one connection open) and the execution stayed RUNNING. The file is that database with the other
 * executions deleted.
 */
class H2TornIndexTest {

  private static final ExecutionId TORN = ExecutionId.of("01a249c3-ebf4-70fc-8432-c46574d3540b");

  @TempDir Path dir;

  private HikariDataSource open() throws Exception {
    Path file = dir.resolve("engine.mv.db");
    if (!Files.exists(file)) {
      try (InputStream in =
              new GZIPInputStream(
                  getClass().getResourceAsStream("/h2-torn-index/engine.mv.db.gz"));
          OutputStream out = Files.newOutputStream(file)) {
        in.transferTo(out);
      }
    }
    return TestDatabase.pool(
        "jdbc:h2:file:" + dir.resolve("engine") + ";WRITE_DELAY=0;LOCK_TIMEOUT=500", "sa", "", 2);
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void the_torn_index_is_found_in_the_kept_database() throws Exception {
    try (HikariDataSource ds = open();
        Connection c = ds.getConnection()) {
      assertThat(count(c, "SELECT COUNT(*) FROM tyboo_node_run USE INDEX () WHERE seq > 0"))
          .isEqualTo(1);
      assertThat(
              count(
                  c,
                  "SELECT COUNT(*) FROM tyboo_node_run WHERE execution_id = '"
                      + TORN.value()
                      + "'"))
          .as("found through the foreign-key index")
          .isZero();
    }
  }

  @Test
  void building_storage_rebuilds_the_torn_indexes_and_the_checkpoint_goes_through()
      throws Exception {
    try (HikariDataSource ds = open()) {
      Storage storage = JdbcStorage.create(ds);

      NodeRunRecord again =
          new NodeRunRecord(
              TORN,
              "n1",
              0,
              NodeRunStatus.SUCCEEDED,
              2,
              Instant.parse("2026-12-06T05:12:00Z"),
              Instant.parse("2026-12-06T05:12:01Z"),
              "{\"main\":[]}",
              null,
              null,
              null,
              null);
      storage.executions().checkpoint(again, ExecutionStore.UNFENCED);

      assertThat(storage.executions().nodeRuns(TORN))
          .singleElement()
          .satisfies(r -> assertThat(r.attempts()).isEqualTo(2));
      try (Connection c = ds.getConnection()) {
        assertThat(H2IndexRepair.checkAndRepair(c)).as("nothing torn any more").isEmpty();
      }
    }
  }
}

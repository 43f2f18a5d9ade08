package dev.tyboo.nodes.messaging;

import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.execution.ExecutionId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A PostgreSQL schema of a crash test's own ({@code TYBOO_TEST_POSTGRES_URL}, user {@code
 * TYBOO_TEST_POSTGRES_USER}), dropped at the end, and what the test reads from the engine's tables.
 */
public final class CrashSchema implements AutoCloseable {

  private static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault("TYBOO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

  /** The database user. */
  public static final String USER =
      System.getenv().getOrDefault("TYBOO_TEST_POSTGRES_USER", "postgres");

  private final String name =
      "tyboo_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final HikariDataSource admin = TriggerProcessMain.pool(POSTGRES_URL, USER);

  /** The JDBC URL of the schema. */
  public final String url =
      POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;

  /** A pool on the schema. */
  public final HikariDataSource pool;

  /**
   * Creates the schema.
   *
   * @throws Exception when PostgreSQL cannot be reached
   */
  public CrashSchema() throws Exception {
    exec(admin, "CREATE SCHEMA " + name);
    pool = TriggerProcessMain.pool(url, USER);
  }

  /**
   * {@return the ids of the executions of {@link TriggerProcessMain#WORKFLOW}}
   *
   * @throws Exception when the query fails
   */
  public List<String> executions() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id FROM tyboo_execution WHERE workflow_name = '"
                    + TriggerProcessMain.WORKFLOW
                    + "'")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /**
   * {@return an execution's status, or null when it is not stored}
   *
   * @param id the execution
   * @throws Exception when the query fails
   */
  public String status(ExecutionId id) throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT status FROM tyboo_execution WHERE id = '" + id.value() + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static void exec(HikariDataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws Exception {
    pool.close();
    try {
      exec(admin, "DROP SCHEMA " + name + " CASCADE");
    } finally {
      admin.close();
    }
  }
}

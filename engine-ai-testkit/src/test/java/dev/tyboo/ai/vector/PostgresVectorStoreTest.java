package dev.tyboo.ai.vector;

import dev.tyboo.ai.spi.VectorStore;
import dev.tyboo.testkit.ai.vector.VectorStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The contract on the real PostgreSQL server ({@code TYBOO_TEST_POSTGRES_URL}, default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}, user {@code TYBOO_TEST_POSTGRES_USER}, default {@code
 * postgres}), in a schema of its own. Skips when the server is down, except under {@code CI=true},
 * where it fails.
 */
class PostgresVectorStoreTest extends VectorStoreContract {

  private static final String SCHEMA = "vec_" + UUID.randomUUID().toString().replace("-", "");
  private static PGSimpleDataSource admin;
  private static int stores;

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  @BeforeAll
  static void schema() {
    admin = new PGSimpleDataSource();
    admin.setUrl(env("TYBOO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
    admin.setUser(env("TYBOO_TEST_POSTGRES_USER", "postgres"));
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + SCHEMA);
    } catch (SQLException e) {
      String message = "PostgreSQL is not reachable at " + admin.getUrl() + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + " (CI=true: a test never skips for a missing service)", e);
      }
      Assumptions.abort(message);
    }
  }

  @AfterAll
  static void drop() throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Override
  protected VectorStore createStore() {
    String schema = SCHEMA + "_" + (++stores);
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(admin.getUrl());
    ds.setUser(admin.getUser());
    ds.setCurrentSchema(schema);
    return PostgresVectorStore.create(ds);
  }

  @AfterAll
  static void dropStores() throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      for (int i = 1; i <= stores; i++) {
        s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + "_" + i + " CASCADE");
      }
    }
  }
}

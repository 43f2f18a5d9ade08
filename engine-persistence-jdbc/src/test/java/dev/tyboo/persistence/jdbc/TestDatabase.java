package dev.tyboo.persistence.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own for one test class: a fresh schema (PostgreSQL), database (MariaDB) or
 * in-memory database (H2), dropped by {@link #close}. Server addresses come from environment
 * variables ({@code TYBOO_TEST_POSTGRES_URL}, {@code TYBOO_TEST_POSTGRES_USER}, {@code
 * TYBOO_TEST_MARIADB_URL}, {@code TYBOO_TEST_MARIADB_USER}, {@code TYBOO_TEST_MARIADB_PASSWORD})
 * with this machine's defaults. When a server is unreachable the test is skipped, except under
 * {@code CI=true}, where it fails.
 */
final class TestDatabase implements AutoCloseable {

  static final String POSTGRES_URL =
      env("TYBOO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String POSTGRES_USER = env("TYBOO_TEST_POSTGRES_USER", "postgres");
  static final String MARIADB_URL =
      env("TYBOO_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
  static final String MARIADB_USER = env("TYBOO_TEST_MARIADB_USER", "root");
  static final String MARIADB_PASSWORD = env("TYBOO_TEST_MARIADB_PASSWORD", "");

  final Dialect dialect;
  final String url;
  final String user;
  final String password;
  private final String name;
  private final HikariDataSource pool;
  private boolean effects;

  private TestDatabase(Dialect dialect, String url, String user, String password, String name) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.password = password;
    this.name = name;
    this.pool = pool(url, user, password, 16);
  }

  static TestDatabase create(Dialect dialect) {
    String name = "tyboo_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return switch (dialect) {
      case H2 ->
          new TestDatabase(dialect, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", name);
      case POSTGRESQL -> {
        admin(POSTGRES_URL, POSTGRES_USER, "", "CREATE SCHEMA " + name);
        yield new TestDatabase(
            dialect, POSTGRES_URL + "?currentSchema=" + name, POSTGRES_USER, "", name);
      }
      case MARIADB -> {
        admin(MARIADB_URL, MARIADB_USER, MARIADB_PASSWORD, "CREATE DATABASE " + name);
        yield new TestDatabase(
            dialect,
            MARIADB_URL.substring(0, MARIADB_URL.lastIndexOf('/') + 1) + name,
            MARIADB_USER,
            MARIADB_PASSWORD,
            name);
      }
    };
  }

  /** A migrated database with the {@link Effects} table, which {@link #clear} empties too. */
  static TestDatabase withEffects(Dialect dialect) {
    TestDatabase db = create(dialect);
    Migrations.apply(db.dataSource());
    db.execute(Effects.TABLE);
    db.effects = true;
    return db;
  }

  static HikariDataSource pool(String url, String user, String password, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(5_000);
    config.setPoolName("test-" + url.substring(5, Math.min(url.length(), 40)));
    return new HikariDataSource(config);
  }

  DataSource dataSource() {
    return pool;
  }

  /** Empties every table, keeping the schema. */
  void clear() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      for (String t :
          new String[] {
            "tyboo_subject",
            "tyboo_node_run",
            "tyboo_execution",
            "tyboo_workflow",
            "tyboo_work",
            "tyboo_dead_work",
            "tyboo_binary",
            "tyboo_schedule",
            "tyboo_credential",
            "tyboo_audit"
          }) {
        s.execute("DELETE FROM " + t);
      }
      if (effects) {
        s.execute("DELETE FROM tyboo_test_effect");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@return the first column of the first row of a query, as a long} */
  long query(String sql) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Runs SQL in this database. */
  void execute(String sql) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    pool.close();
    switch (dialect) {
      case H2 -> {}
      case POSTGRESQL -> admin(POSTGRES_URL, POSTGRES_USER, "", "DROP SCHEMA " + name + " CASCADE");
      case MARIADB ->
          admin(MARIADB_URL, MARIADB_USER, MARIADB_PASSWORD, "DROP DATABASE IF EXISTS " + name);
    }
  }

  private static void admin(String url, String user, String password, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      unreachable(url, e);
    }
  }

  /** Skips the test, or fails it under CI=true, when a server cannot be reached. */
  static void unreachable(String url, SQLException e) {
    String message = "database " + url + " is unreachable: " + e.getMessage();
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true: a test never skips for a missing service)", e);
    }
    Assumptions.abort(message);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  @Override
  public String toString() {
    return dialect.name().toLowerCase(Locale.ROOT) + " " + name;
  }
}

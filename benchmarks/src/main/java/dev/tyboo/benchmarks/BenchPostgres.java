package dev.tyboo.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL the durable suites run on: {@code TYBOO_BENCH_POSTGRES_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}) as {@code TYBOO_BENCH_POSTGRES_USER} (default {@code
 * postgres}), with trust authentication.
 */
final class BenchPostgres {

  /** The JDBC URL. */
  static final String URL =
      env("TYBOO_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

  /** The user. */
  static final String USER = env("TYBOO_BENCH_POSTGRES_USER", "postgres");

  private BenchPostgres() {}

  /**
   * Runs one statement on its own connection.
   *
   * @param sql the statement (DDL: create or drop a schema or a database)
   * @throws SQLException when it fails
   */
  static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * {@return the URL with a schema as the connections' current one}
   *
   * @param schema a schema
   */
  static String inSchema(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * {@return the URL of another database on the same server}
   *
   * @param database a database name
   */
  static String ofDatabase(String database) {
    String base = URL.contains("?") ? URL.substring(0, URL.indexOf('?')) : URL;
    return base.substring(0, base.lastIndexOf('/') + 1) + database;
  }

  /**
   * {@return a connection pool}
   *
   * @param url the JDBC URL
   * @param user the user (no password: trust authentication, or H2's default)
   * @param size the most connections
   */
  static HikariDataSource pool(String url, String user, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}

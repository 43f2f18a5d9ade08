package dev.tyboo.persistence.jdbc;

import dev.tyboo.error.StorageException;
import dev.tyboo.persistence.jdbc.internal.Micros;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage's schema: versioned SQL scripts shipped in this jar, one per dialect, and the table
 * {@code tyboo_schema_version} that records which versions a database has.
 *
 * <p>{@link #apply} brings a database up to date and is safe when several processes start at once:
 * they queue on a database lock (an advisory lock on PostgreSQL, {@code GET_LOCK} on MariaDB; H2,
 * being for one process, locks in the JVM) and each applies only what is still missing. Hosts that
 * run migrations themselves take the SQL from {@link #script} (into Flyway, Liquibase or a DBA's
 * hands) and build the storage with {@code migrate(false)}.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final long PG_LOCK_KEY = 0x7479626f6f4d6967L; // "tybooMig"
  private static final Object H2_LOCK = new Object();
  private static final List<Version> VERSIONS = readIndex();

  private record Version(int number, String name) {
    String resource(Dialect d) {
      return "migrations/" + d.folder() + "/V" + number + "__" + name + ".sql";
    }
  }

  private Migrations() {}

  /** {@return the schema version this library works with} */
  public static int latestVersion() {
    return VERSIONS.get(VERSIONS.size() - 1).number();
  }

  /**
   * {@return the SQL that creates the whole schema on an empty database, including the version
   * bookkeeping, for hosts that run migrations themselves}
   *
   * @param dialect the database
   */
  public static String script(Dialect dialect) {
    return script(dialect, 0);
  }

  /**
   * {@return the SQL that takes a schema from one version to the latest}
   *
   * @param dialect the database
   * @param fromVersion the version the database has (0 for none)
   */
  public static String script(Dialect dialect, int fromVersion) {
    Objects.requireNonNull(dialect, "dialect");
    StringBuilder sql = new StringBuilder();
    sql.append("-- Tyboo Engine schema for ")
        .append(dialect)
        .append(", from version ")
        .append(fromVersion)
        .append(" to ")
        .append(latestVersion())
        .append("\n\n")
        .append(bookkeepingTable())
        .append(";\n");
    for (Version v : VERSIONS) {
      if (v.number() > fromVersion) {
        sql.append("\n-- version ").append(v.number()).append(": ").append(v.name()).append('\n');
        for (String statement : statements(dialect, v)) {
          sql.append(statement).append(";\n");
        }
        sql.append("INSERT INTO tyboo_schema_version (version, name, applied_at) VALUES (")
            .append(v.number())
            .append(", '")
            .append(v.name())
            .append("', 0);\n");
      }
    }
    return sql.toString();
  }

  /**
   * Brings the database's schema to the {@linkplain #latestVersion latest version}; does nothing
   * when it is there. Safe to call from several processes at once.
   *
   * @param dataSource the database
   * @return how many versions were applied
   * @throws SchemaVersionException when the database has a newer schema than this library knows
   * @throws UnsupportedDatabaseException when the database is not supported
   * @throws StorageException when the database cannot be reached or a script fails
   */
  public static int apply(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection c = dataSource.getConnection()) {
      Dialect dialect = Dialect.of(c);
      c.setAutoCommit(true);
      return switch (dialect) {
        case H2 -> {
          synchronized (H2_LOCK) {
            yield applyLocked(c, dialect);
          }
        }
        case POSTGRESQL -> {
          exec(c, "SELECT pg_advisory_lock(" + PG_LOCK_KEY + ")");
          try {
            yield applyLocked(c, dialect);
          } finally {
            exec(c, "SELECT pg_advisory_unlock(" + PG_LOCK_KEY + ")");
          }
        }
        case MARIADB -> {
          exec(c, "SELECT GET_LOCK('tyboo_schema', 300)");
          try {
            yield applyLocked(c, dialect);
          } finally {
            exec(c, "SELECT RELEASE_LOCK('tyboo_schema')");
          }
        }
      };
    } catch (SQLException e) {
      throw new StorageException("cannot migrate the database schema: " + e.getMessage(), e);
    }
  }

  /**
   * {@return the schema version a database has: 0 when it has none}
   *
   * @param connection a connection to it
   * @throws SQLException when it cannot be read
   */
  static int currentVersion(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      if (!hasBookkeeping(connection)) {
        return 0;
      }
      try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM tyboo_schema_version")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Refuses a database whose schema is not the latest.
   *
   * @param connection a connection to it
   * @throws SchemaVersionException when its schema is newer, older or missing
   * @throws SQLException when it cannot be read
   */
  static void check(Connection connection) throws SQLException {
    int found = currentVersion(connection);
    if (found > latestVersion()) {
      throw newer(found);
    }
    if (found < latestVersion()) {
      throw new SchemaVersionException(
          "the database schema is at version "
              + found
              + " but this library needs version "
              + latestVersion()
              + "; apply the migrations (Migrations.apply, or run the SQL of Migrations.script)",
          found,
          latestVersion());
    }
  }

  private static SchemaVersionException newer(int found) {
    return new SchemaVersionException(
        "the database schema is at version "
            + found
            + ", newer than version "
            + latestVersion()
            + " that this library knows: it was written by a newer Tyboo Engine; upgrade"
            + " engine-persistence-jdbc (nothing was changed)",
        found,
        latestVersion());
  }

  private static boolean hasBookkeeping(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT version FROM tyboo_schema_version WHERE 1 = 0").close();
      return true;
    } catch (SQLException noSuchTable) {
      // the portable test for a missing table is to query it; any failure here means "not there",
      // and a real connection problem shows at the next statement
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      return false;
    }
  }

  private static int applyLocked(Connection c, Dialect dialect) throws SQLException {
    exec(c, bookkeepingTable());
    int current = currentVersion(c);
    if (current > latestVersion()) {
      throw newer(current);
    }
    int applied = 0;
    for (Version v : VERSIONS) {
      if (v.number() <= current) {
        continue;
      }
      boolean transactional = dialect != Dialect.MARIADB; // MariaDB commits each DDL statement
      c.setAutoCommit(!transactional);
      try {
        for (String statement : statements(dialect, v)) {
          exec(c, statement);
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO tyboo_schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
          ps.setInt(1, v.number());
          ps.setString(2, v.name());
          ps.setLong(3, Micros.of(Instant.now()));
          ps.executeUpdate();
        }
        if (transactional) {
          c.commit();
        }
      } catch (SQLException e) {
        if (transactional) {
          c.rollback();
        }
        throw new StorageException(
            "schema migration to version "
                + v.number()
                + " ("
                + v.name()
                + ") failed on "
                + dialect
                + ": "
                + e.getMessage(),
            e);
      } finally {
        c.setAutoCommit(true);
      }
      LOG.info("applied schema version {} ({}) on {}", v.number(), v.name(), dialect);
      applied++;
    }
    return applied;
  }

  private static String bookkeepingTable() {
    return "CREATE TABLE IF NOT EXISTS tyboo_schema_version (version INTEGER PRIMARY KEY,"
        + " name VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)";
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> statements(Dialect dialect, Version v) {
    String text = resource(v.resource(dialect));
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String s : sql.toString().split(";\\s*\n")) {
      if (!s.isBlank()) {
        statements.add(s.strip());
      }
    }
    return statements;
  }

  private static List<Version> readIndex() {
    List<Version> versions = new ArrayList<>();
    for (String line : resource("migrations.txt").split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        String[] parts = l.split("\\s+");
        versions.add(new Version(Integer.parseInt(parts[0]), parts[1]));
      }
    }
    return List.copyOf(versions);
  }

  private static String resource(String name) {
    try (InputStream in = Migrations.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " in engine-persistence-jdbc");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }
}

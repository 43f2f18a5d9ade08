package dev.tyboo.persistence.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases the JDBC storage speaks, each with its own schema scripts and SQL where the
 * standard leaves off. {@link #of(DatabaseMetaData)} picks one from a connection.
 */
public enum Dialect {

  /** H2 2.2 or newer, in memory or in a file: the embedded default, for one process. */
  H2("h2", 2, 2),
  /** PostgreSQL 12 or newer: several engine processes can share one database. */
  POSTGRESQL("postgresql", 12, 0),
  /** MariaDB 10.6 or newer (for {@code SKIP LOCKED}): several processes can share one database. */
  MARIADB("mariadb", 10, 6);

  private final String folder;
  private final int minMajor;
  private final int minMinor;

  Dialect(String folder, int minMajor, int minMinor) {
    this.folder = folder;
    this.minMajor = minMajor;
    this.minMinor = minMinor;
  }

  /** {@return the folder of this dialect's scripts under {@code migrations/}} */
  String folder() {
    return folder;
  }

  /** {@return the oldest supported version, as "major.minor"} */
  public String minimumVersion() {
    return minMajor + "." + minMinor;
  }

  /**
   * {@return the dialect of the database behind a connection}
   *
   * @param connection an open connection
   * @throws UnsupportedDatabaseException when the product or its version is not supported
   * @throws SQLException when the metadata cannot be read
   */
  public static Dialect of(Connection connection) throws SQLException {
    return of(connection.getMetaData());
  }

  /**
   * {@return the dialect of a database, from its metadata}
   *
   * @param meta the connection's metadata
   * @throws UnsupportedDatabaseException when the product or its version is not supported
   * @throws SQLException when the metadata cannot be read
   */
  public static Dialect of(DatabaseMetaData meta) throws SQLException {
    String product = meta.getDatabaseProductName();
    String version = meta.getDatabaseProductVersion();
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    Dialect d;
    if (p.equals("h2")) {
      d = H2;
    } else if (p.equals("postgresql")) {
      d = POSTGRESQL;
    } else if (p.equals("mariadb") || (p.equals("mysql") && version.contains("MariaDB"))) {
      d = MARIADB;
    } else {
      throw new UnsupportedDatabaseException(
          product
              + " "
              + version
              + " is not supported; the JDBC storage runs on H2 2.2+, PostgreSQL 12+ and MariaDB"
              + " 10.6+"
              + (p.equals("mysql") ? " (MySQL lacks the sequences it uses)" : ""));
    }
    int major = meta.getDatabaseMajorVersion();
    int minor = meta.getDatabaseMinorVersion();
    if (major < d.minMajor || (major == d.minMajor && minor < d.minMinor)) {
      throw new UnsupportedDatabaseException(
          product
              + " "
              + version
              + " is too old; the JDBC storage needs "
              + product
              + " "
              + d.minimumVersion()
              + " or newer");
    }
    return d;
  }
}

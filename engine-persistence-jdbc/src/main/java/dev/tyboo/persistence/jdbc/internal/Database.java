package dev.tyboo.persistence.jdbc.internal;

/** Which SQL the stores speak; the internal twin of the public {@code Dialect}. */
public enum Database {
  /** H2. */
  H2,
  /** PostgreSQL. */
  POSTGRESQL,
  /** MariaDB. */
  MARIADB
}

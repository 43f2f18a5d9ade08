/**
 * Tyboo Engine engine-persistence-jdbc: durable storage and a multi-process work queue over JDBC.
 * The entry point is {@link dev.tyboo.persistence.jdbc.JdbcStorage}.
 */
module dev.tyboo.persistence.jdbc {
  requires transitive dev.tyboo.core;
  requires transitive java.sql;
  requires com.fasterxml.jackson.databind; // the audit log's detail column

  exports dev.tyboo.persistence.jdbc;
}

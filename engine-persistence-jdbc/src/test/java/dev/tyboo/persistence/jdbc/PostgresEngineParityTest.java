package dev.tyboo.persistence.jdbc;

/** The parity matrix on durable engines over PostgreSQL. */
class PostgresEngineParityTest extends EngineParity {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}

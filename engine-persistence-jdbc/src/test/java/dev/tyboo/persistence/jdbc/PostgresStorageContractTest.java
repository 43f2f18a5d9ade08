package dev.tyboo.persistence.jdbc;

/** The engine-core store and queue contracts on Postgres. */
class PostgresStorageContractTest extends JdbcStorageContracts {
  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}

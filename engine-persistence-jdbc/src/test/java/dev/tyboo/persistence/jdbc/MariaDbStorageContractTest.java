package dev.tyboo.persistence.jdbc;

/** The engine-core store and queue contracts on MariaDb. */
class MariaDbStorageContractTest extends JdbcStorageContracts {
  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }
}

package dev.tyboo.persistence.jdbc;

/** The engine-core store and queue contracts on H2. */
class H2StorageContractTest extends JdbcStorageContracts {
  @Override
  Dialect dialect() {
    return Dialect.H2;
  }
}

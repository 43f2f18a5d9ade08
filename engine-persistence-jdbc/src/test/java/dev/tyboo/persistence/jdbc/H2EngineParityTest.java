package dev.tyboo.persistence.jdbc;

/** The parity matrix on durable engines over H2. */
class H2EngineParityTest extends EngineParity {
  @Override
  Dialect dialect() {
    return Dialect.H2;
  }
}

package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineSemanticsContract;
import org.junit.jupiter.api.AfterEach;

/** The engine semantics on a durable engine over PostgreSQL. */
class PostgresEngineSemanticsTest extends EngineSemanticsContract {

  private final DatabaseEngines engines = new DatabaseEngines(Dialect.POSTGRESQL);

  @Override
  protected Engine.Builder newEngine() {
    return engines.newEngine();
  }

  @AfterEach
  void dropDatabases() {
    engines.close();
  }
}

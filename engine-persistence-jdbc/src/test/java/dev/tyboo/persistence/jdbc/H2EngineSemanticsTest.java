package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineSemanticsContract;
import org.junit.jupiter.api.AfterEach;

/** The engine semantics on a durable engine over an H2 database. */
class H2EngineSemanticsTest extends EngineSemanticsContract {

  private final DatabaseEngines engines = new DatabaseEngines(Dialect.H2);

  @Override
  protected Engine.Builder newEngine() {
    return engines.newEngine();
  }

  @AfterEach
  void dropDatabases() {
    engines.close();
  }
}

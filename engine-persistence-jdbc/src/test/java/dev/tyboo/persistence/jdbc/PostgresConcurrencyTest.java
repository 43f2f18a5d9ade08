package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.ConcurrencyContract;
import dev.tyboo.engine.Engine;
import org.junit.jupiter.api.AfterEach;

/** Concurrency, cancel and shutdown on a durable engine over PostgreSQL. */
class PostgresConcurrencyTest extends ConcurrencyContract {

  private final DatabaseEngines engines = new DatabaseEngines(Dialect.POSTGRESQL);

  @Override
  protected Engine.Builder newEngine() {
    return engines.newEngine();
  }

  @Override
  protected boolean durable() {
    return true;
  }

  @AfterEach
  void dropDatabases() {
    engines.close();
  }
}

package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.WaitContract;
import dev.tyboo.spi.time.Clock;
import org.junit.jupiter.api.AfterEach;

/** Waits, resumes and sub-workflows on a durable engine over PostgreSQL, on the test clock. */
class PostgresWaitTest extends WaitContract {

  private final DatabaseEngines engines = new DatabaseEngines(Dialect.POSTGRESQL);

  @Override
  protected Engine.Builder newEngine(Clock clock) {
    return engines.newEngine(clock, DurableOptions.builder().build().leaseTime());
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

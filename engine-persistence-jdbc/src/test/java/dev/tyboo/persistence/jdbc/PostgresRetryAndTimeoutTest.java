package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.RetryAndTimeoutContract;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** Retries and timeouts on a durable engine over PostgreSQL, on the test clock. */
class PostgresRetryAndTimeoutTest extends RetryAndTimeoutContract {

  private final DatabaseEngines engines = new DatabaseEngines(Dialect.POSTGRESQL);

  @Override
  protected Engine.Builder newEngine(Clock clock) {
    return engines.newEngine(clock, Duration.ofHours(1)); // renewals beyond the tests' timers
  }

  @AfterEach
  void dropDatabases() {
    engines.close();
  }
}

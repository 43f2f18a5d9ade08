package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.RetryAndTimeoutContract;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** Retries and timeouts on a durable engine over an H2 database, on the test clock. */
class H2RetryAndTimeoutTest extends RetryAndTimeoutContract {

  private final DatabaseEngines engines = new DatabaseEngines(Dialect.H2);

  @Override
  protected Engine.Builder newEngine(Clock clock) {
    return engines.newEngine(clock, Duration.ofHours(1)); // renewals beyond the tests' timers
  }

  @AfterEach
  void dropDatabases() {
    engines.close();
  }
}

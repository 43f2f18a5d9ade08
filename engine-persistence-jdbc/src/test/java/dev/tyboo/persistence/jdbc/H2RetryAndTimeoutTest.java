package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.RetryAndTimeoutContract;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Retries and timeouts on a durable engine over an H2 database, on the test clock. */
class H2RetryAndTimeoutTest extends RetryAndTimeoutContract {

  private final List<TestDatabase> databases = new ArrayList<>();

  @Override
  protected Engine.Builder newEngine(Clock clock) {
    TestDatabase db = TestDatabase.create(Dialect.H2);
    databases.add(db);
    return Engine.builder()
        .clock(clock)
        .storage(JdbcStorage.builder(db.dataSource()).clock(clock).build())
        .durableOptions(
            DurableOptions.builder()
                .pollInterval(Duration.ofMillis(10))
                .leaseTime(Duration.ofHours(1)) // renewals every 20 min, beyond the tests' timers
                .build());
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(TestDatabase::close);
  }
}

package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builders of durable engines, each on a fresh test database of its own, for the engine-core
 * semantics contracts; {@link #close()} drops the databases.
 */
final class DatabaseEngines implements AutoCloseable {

  private final Dialect dialect;
  private final List<TestDatabase> databases = new ArrayList<>();

  DatabaseEngines(Dialect dialect) {
    this.dialect = dialect;
  }

  /** {@return a builder of a durable engine on a fresh database, polling every 10 ms} */
  EngineBuilder newEngine() {
    return newEngine(Clock.system(), DurableOptions.builder().build().leaseTime());
  }

  /**
   * {@return a builder of a durable engine on a fresh database, on a clock}
   *
   * @param clock the engine's and its storage's clock
   * @param leaseTime the engine's lease time
   */
  EngineBuilder newEngine(Clock clock, Duration leaseTime) {
    TestDatabase db = TestDatabase.create(dialect);
    databases.add(db);
    return Engine.builder()
        .clock(clock)
        .storage(JdbcStorage.builder(db.dataSource()).clock(clock).build())
        .durableOptions(
            DurableOptions.builder()
                .pollInterval(Duration.ofMillis(10))
                .leaseTime(leaseTime)
                .build());
  }

  @Override
  public void close() {
    databases.forEach(TestDatabase::close);
    databases.clear();
  }
}

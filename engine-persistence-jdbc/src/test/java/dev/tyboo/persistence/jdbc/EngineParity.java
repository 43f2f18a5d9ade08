package dev.tyboo.persistence.jdbc;

import dev.tyboo.engine.ConcurrencyContract;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.engine.EngineSemanticsContract;
import dev.tyboo.engine.RetryAndTimeoutContract;
import dev.tyboo.engine.WaitContract;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Runs the engine-core semantics suites (the parity matrix) on durable engines over one database; a
 * subclass per dialect says which. Every engine gets a fresh database of its own.
 */
abstract class EngineParity {

  /** {@return the database to test} */
  abstract Dialect dialect();

  private final DatabaseEngines engines = new DatabaseEngines(dialect());

  @AfterEach
  void dropDatabases() {
    engines.close();
  }

  @Nested
  class Semantics extends EngineSemanticsContract {
    @Override
    protected EngineBuilder newEngine() {
      return engines.newEngine();
    }
  }

  @Nested
  class RetriesAndTimeouts extends RetryAndTimeoutContract {
    @Override
    protected EngineBuilder newEngine(Clock clock) {
      return engines.newEngine(clock, Duration.ofHours(1)); // renewals beyond the tests' timers
    }
  }

  @Nested
  class Concurrency extends ConcurrencyContract {
    @Override
    protected EngineBuilder newEngine() {
      return engines.newEngine();
    }

    @Override
    protected boolean durable() {
      return true;
    }
  }

  @Nested
  class Waits extends WaitContract {
    @Override
    protected EngineBuilder newEngine(Clock clock) {
      return engines.newEngine(clock, DurableOptions.builder().build().leaseTime());
    }

    @Override
    protected boolean durable() {
      return true;
    }
  }
}

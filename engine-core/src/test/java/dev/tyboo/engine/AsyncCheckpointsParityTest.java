package dev.tyboo.engine;

import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * The parity suites on a durable engine whose checkpoints are written behind the run ({@link
 * CheckpointMode#ASYNCHRONOUS}): without a crash, relaxed checkpoints must not change what a
 * workflow does or what its execution records.
 */
class AsyncCheckpointsParityTest {

  private static DurableOptions relaxed() {
    return DurableOptions.builder()
        .pollInterval(Duration.ofMillis(10))
        .checkpointMode(CheckpointMode.ASYNCHRONOUS)
        .build();
  }

  @Nested
  class Semantics extends EngineSemanticsContract {
    @Override
    protected EngineBuilder newEngine() {
      return Engine.builder().storage(Storage.inMemory(Clock.system())).durableOptions(relaxed());
    }
  }

  @Nested
  class Waits extends WaitContract {
    @Override
    protected EngineBuilder newEngine(Clock clock) {
      return Engine.builder()
          .clock(clock)
          .storage(Storage.inMemory(clock))
          .durableOptions(relaxed());
    }

    @Override
    protected boolean durable() {
      return true;
    }
  }

  @Nested
  class RetriesAndTimeouts extends RetryAndTimeoutContract {
    @Override
    protected EngineBuilder newEngine(Clock clock) {
      return Engine.builder()
          .clock(clock)
          .storage(Storage.inMemory(clock))
          .durableOptions(
              DurableOptions.builder()
                  .pollInterval(Duration.ofMillis(10))
                  .leaseTime(Duration.ofHours(1))
                  .checkpointMode(CheckpointMode.ASYNCHRONOUS)
                  .build());
    }
  }

  @Nested
  class Concurrency extends ConcurrencyContract {
    @Override
    protected EngineBuilder newEngine() {
      return Engine.builder().storage(Storage.inMemory(Clock.system())).durableOptions(relaxed());
    }

    @Override
    protected boolean durable() {
      return true;
    }
  }
}

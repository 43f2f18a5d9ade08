package dev.tyboo.engine;

import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;

/** Retries and timeouts on a durable engine over {@link Storage#inMemory}, on the test clock. */
class DurableMemoryRetryAndTimeoutTest extends RetryAndTimeoutContract {

  @Override
  protected EngineBuilder newEngine(Clock clock) {
    return Engine.builder()
        .clock(clock)
        .storage(Storage.inMemory(clock))
        .durableOptions(
            DurableOptions.builder()
                .pollInterval(Duration.ofMillis(10))
                .leaseTime(Duration.ofHours(1)) // renewals every 20 min, beyond the tests' timers
                .build());
  }
}

package dev.tyboo.engine;

import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;

/** Waits, resumes and sub-workflows on a durable engine over {@link Storage#inMemory}. */
class DurableMemoryWaitTest extends WaitContract {

  @Override
  protected EngineBuilder newEngine(Clock clock) {
    return Engine.builder()
        .clock(clock)
        .storage(Storage.inMemory(clock))
        .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(10)).build());
  }

  @Override
  protected boolean durable() {
    return true;
  }
}

package dev.tyboo.engine;

import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;

/** Concurrency, cancel and shutdown on a durable engine over {@link Storage#inMemory}. */
class DurableMemoryConcurrencyTest extends ConcurrencyContract {

  @Override
  protected EngineBuilder newEngine() {
    return Engine.builder()
        .storage(Storage.inMemory(Clock.system()))
        .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(10)).build());
  }

  @Override
  protected boolean durable() {
    return true;
  }
}

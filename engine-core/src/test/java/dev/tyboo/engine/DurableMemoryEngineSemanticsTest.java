package dev.tyboo.engine;

import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;

/** The engine semantics on a durable engine over {@link Storage#inMemory}. */
class DurableMemoryEngineSemanticsTest extends EngineSemanticsContract {

  @Override
  protected EngineBuilder newEngine() {
    return Engine.builder()
        .storage(Storage.inMemory(Clock.system()))
        .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(10)).build());
  }
}

package dev.tyboo.engine;

import dev.tyboo.spi.time.Clock;

/** Retries and timeouts on an in-memory engine. */
class InMemoryRetryAndTimeoutTest extends RetryAndTimeoutContract {

  @Override
  protected EngineBuilder newEngine(Clock clock) {
    return Engine.builder().clock(clock);
  }
}

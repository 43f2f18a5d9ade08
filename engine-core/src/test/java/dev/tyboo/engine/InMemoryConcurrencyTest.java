package dev.tyboo.engine;

/** Concurrency, cancel and shutdown on an in-memory engine. */
class InMemoryConcurrencyTest extends ConcurrencyContract {

  @Override
  protected EngineBuilder newEngine() {
    return Engine.builder();
  }
}

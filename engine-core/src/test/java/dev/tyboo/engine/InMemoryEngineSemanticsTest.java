package dev.tyboo.engine;

/** The engine semantics on an in-memory engine. */
class InMemoryEngineSemanticsTest extends EngineSemanticsContract {

  @Override
  protected EngineBuilder newEngine() {
    return Engine.builder();
  }
}

package dev.tyboo.ai.vector;

import dev.tyboo.ai.spi.VectorStore;

class InMemoryVectorStoreTest extends VectorStoreContract {

  @Override
  protected VectorStore createStore() {
    return new InMemoryVectorStore();
  }
}

package dev.tyboo.ai.vector;

import dev.tyboo.ai.spi.VectorStore;
import dev.tyboo.testkit.ai.vector.VectorStoreContract;

class InMemoryVectorStoreTest extends VectorStoreContract {

  @Override
  protected VectorStore createStore() {
    return new InMemoryVectorStore();
  }
}

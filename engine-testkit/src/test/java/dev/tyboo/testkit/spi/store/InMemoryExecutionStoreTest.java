package dev.tyboo.testkit.spi.store;

import dev.tyboo.spi.store.ExecutionStore;

class InMemoryExecutionStoreTest extends ExecutionStoreContract {
  @Override
  protected ExecutionStore createStore() {
    return ExecutionStore.inMemory();
  }
}

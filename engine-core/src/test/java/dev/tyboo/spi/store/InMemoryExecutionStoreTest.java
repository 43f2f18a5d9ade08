package dev.tyboo.spi.store;

class InMemoryExecutionStoreTest extends ExecutionStoreContract {
  @Override
  protected ExecutionStore createStore() {
    return ExecutionStore.inMemory();
  }
}

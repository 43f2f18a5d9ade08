package dev.tyboo.testkit.spi.store;

import dev.tyboo.spi.store.WorkflowStore;
import dev.tyboo.spi.time.ManualClock;

class InMemoryWorkflowStoreTest extends WorkflowStoreContract {
  @Override
  protected WorkflowStore createStore(ManualClock clock) {
    return WorkflowStore.inMemory(clock);
  }
}

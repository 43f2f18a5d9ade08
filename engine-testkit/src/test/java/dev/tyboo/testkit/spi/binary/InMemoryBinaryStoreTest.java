package dev.tyboo.testkit.spi.binary;

import dev.tyboo.spi.binary.BinaryStore;

class InMemoryBinaryStoreTest extends BinaryStoreContract {
  @Override
  protected BinaryStore createStore() {
    return BinaryStore.inMemory();
  }
}

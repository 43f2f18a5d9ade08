package dev.tyboo.spi.binary;

class InMemoryBinaryStoreTest extends BinaryStoreContract {
  @Override
  protected BinaryStore createStore() {
    return BinaryStore.inMemory();
  }
}

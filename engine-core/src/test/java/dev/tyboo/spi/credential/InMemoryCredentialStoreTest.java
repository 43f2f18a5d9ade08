package dev.tyboo.spi.credential;

class InMemoryCredentialStoreTest extends CredentialStoreContract {

  @Override
  protected CredentialStore createStore() {
    return CredentialStore.inMemory();
  }
}

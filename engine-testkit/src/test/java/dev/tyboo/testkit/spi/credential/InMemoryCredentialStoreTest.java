package dev.tyboo.testkit.spi.credential;

import dev.tyboo.spi.credential.CredentialStore;

class InMemoryCredentialStoreTest extends CredentialStoreContract {

  @Override
  protected CredentialStore createStore() {
    return CredentialStore.inMemory();
  }
}

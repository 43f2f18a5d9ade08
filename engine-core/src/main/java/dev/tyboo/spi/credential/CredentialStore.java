package dev.tyboo.spi.credential;

import java.util.List;
import java.util.Optional;

/**
 * Where encrypted credentials live. It stores ciphertext only: it never sees a master key, a data
 * key or a secret in clear (the {@code CredentialVault} encrypts before and decrypts after). Every
 * call is about one tenant, and nothing of another tenant is ever returned.
 *
 * <p>Implementations must be thread-safe and make each call atomic. The contract test {@code
 * CredentialStoreContract} (engine-testkit) says what they must do.
 */
public interface CredentialStore {

  /** {@return a store in this JVM's memory} */
  static CredentialStore inMemory() {
    return new InMemoryCredentialStore();
  }

  /**
   * Adds a credential.
   *
   * @param credential the new credential, version 1
   * @throws dev.tyboo.error.ConcurrentUpdateException when the tenant already has a credential of
   *     that id, or of that type and name
   */
  void insert(StoredCredential credential);

  /**
   * Replaces a credential if it is still at the version the caller read.
   *
   * @param credential the new state, its version one more than {@code expectedVersion}
   * @param expectedVersion the version the caller read
   * @throws dev.tyboo.error.ConcurrentUpdateException when it is gone or at another version
   */
  void update(StoredCredential credential, long expectedVersion);

  /**
   * {@return the credential with that id in the tenant}
   *
   * @param tenant the tenant
   * @param id the credential's id
   */
  Optional<StoredCredential> find(String tenant, String id);

  /**
   * {@return the credential of that type and name in the tenant}
   *
   * @param tenant the tenant
   * @param type the credential type
   * @param name its name
   */
  Optional<StoredCredential> findByName(String tenant, String type, String name);

  /**
   * {@return the tenant's credentials, ordered by type and name}
   *
   * @param tenant the tenant
   */
  List<StoredCredential> list(String tenant);

  /**
   * {@return up to {@code limit} credentials, of any tenant, whose data key is wrapped by a key
   * other than {@code keyId}} For re-wrapping after a master-key rotation.
   *
   * @param keyId the current master key's id
   * @param limit the most to return
   */
  List<StoredCredential> wrappedByOtherKeys(String keyId, int limit);

  /**
   * Deletes a credential.
   *
   * @param tenant the tenant
   * @param id the credential's id
   * @return whether it was there
   */
  boolean delete(String tenant, String id);
}

package dev.tyboo.spi.key;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where master keys come from. One key is current (new credentials are wrapped with it); older keys
 * stay available by id so that what they wrapped can still be read until it is re-wrapped ({@code
 * CredentialVault.rewrap}). Rotating a key without downtime: add the new key as current, keep the
 * old one, re-wrap, then remove the old one.
 *
 * <p>Implementations must be thread-safe. The contract test {@code KeyProviderContract}
 * (engine-testkit) says what they must do.
 */
public interface KeyProvider {

  /** {@return the key new data keys are wrapped with} */
  MasterKey current();

  /**
   * {@return the key with that id, if this provider has it}
   *
   * @param id a key id stored with wrapped data
   */
  Optional<MasterKey> find(String id);

  /**
   * {@return a provider holding these keys in memory}
   *
   * @param current the current key
   * @param older keys that may still have wrapped data
   */
  static KeyProvider of(MasterKey current, MasterKey... older) {
    return new StaticKeyProvider(current, List.of(older));
  }

  /**
   * {@return the keys of the environment variable {@code TYBOO_MASTER_KEYS}}
   *
   * @throws dev.tyboo.error.KeyUnavailableException when it is unset or malformed
   */
  static KeyProvider fromEnvironment() {
    return fromEnvironment("TYBOO_MASTER_KEYS");
  }

  /**
   * {@return the keys of an environment variable}: {@code id=base64;id=base64}, the first one
   * current, each 32 bytes in standard base64.
   *
   * @param variable the variable's name
   * @throws dev.tyboo.error.KeyUnavailableException when it is unset or malformed (the message
   *     names the variable and the entry, never a key)
   */
  static KeyProvider fromEnvironment(String variable) {
    return EnvironmentKeys.parse(variable, System.getenv(variable));
  }

  /**
   * {@return the AES keys of a Java key store (PKCS12) file}, read once
   *
   * @param file the key store
   * @param password its password (also each entry's)
   * @param currentAlias the alias of the current key; every other secret-key entry is an older key,
   *     its alias its id
   * @throws dev.tyboo.error.KeyUnavailableException when the file cannot be read, the password is
   *     wrong, or the current alias holds no AES key
   */
  static KeyProvider fromKeyStore(Path file, char[] password, String currentAlias) {
    return KeyStoreKeys.load(file, password, currentAlias);
  }
}

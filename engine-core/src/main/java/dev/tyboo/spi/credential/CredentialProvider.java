package dev.tyboo.spi.credential;

import java.util.Map;
import java.util.Optional;

/**
 * Where nodes get the secrets their credentials name: an API key, a password, OAuth2 tokens. A node
 * references a credential by type and name ({@code NodeOptions.credential("httpBearerAuth",
 * "github")}, or {@code "credentials"} in JSON); at run time it asks its context for the data of
 * the type it declares, and the engine looks the name up here.
 *
 * <p>The engine holds no secret itself. Hosts implement this over their own secret store, or use
 * {@link #inMemory()}; the encrypted credential vault (engine security) implements it too.
 * Implementations must be thread-safe. The contract test {@code CredentialProviderContract}
 * (engine-testkit) says what they must do.
 */
public interface CredentialProvider {

  /**
   * {@return a provider in this JVM's memory, filled with {@link InMemoryCredentialProvider#put}}
   */
  static InMemoryCredentialProvider inMemory() {
    return new InMemoryCredentialProvider();
  }

  /** {@return a provider that holds nothing: the default of an engine} */
  static CredentialProvider none() {
    return NoCredentials.INSTANCE;
  }

  /**
   * {@return the credential's data (JSON values), or empty when there is none of that type and
   * name}
   *
   * @param type the credential type, e.g. {@code httpBasicAuth}
   * @param name the credential's name
   */
  Optional<Map<String, Object>> find(String type, String name);

  /**
   * Replaces a credential's data; nodes call it to keep what a credential earns while in use, such
   * as a refreshed OAuth2 access token or a rotated refresh token.
   *
   * @param type the credential type
   * @param name the credential's name
   * @param data its new data
   * @throws UnsupportedOperationException when this provider is read-only (the default)
   */
  default void update(String type, String name, Map<String, Object> data) {
    throw new UnsupportedOperationException(
        getClass().getName() + " is read-only: credential '" + name + "' cannot be updated");
  }
}

package dev.tyboo.testkit.spi.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.spi.credential.CredentialProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every writable {@link CredentialProvider} must do. Implementations' tests extend this. */
public abstract class CredentialProviderContract {

  /** For subclasses, which supply the implementation under test. */
  protected CredentialProviderContract() {}

  /**
   * {@return a provider holding exactly that credential}
   *
   * @param type a credential type
   * @param name a credential name
   * @param data what it holds
   */
  protected abstract CredentialProvider createProvider(
      String type, String name, Map<String, Object> data);

  @Test
  void should_find_a_credential_by_type_and_name_only() {
    CredentialProvider p =
        createProvider("httpBasicAuth", "shop", Map.of("user", "u", "password", "p"));

    assertThat(p.find("httpBasicAuth", "shop")).contains(Map.of("user", "u", "password", "p"));
    assertThat(p.find("httpBasicAuth", "other")).isEmpty();
    assertThat(p.find("httpBearerAuth", "shop")).isEmpty();
  }

  @Test
  void should_replace_the_data_on_update() {
    CredentialProvider p = createProvider("oAuth2", "crm", Map.of("accessToken", "old"));

    p.update("oAuth2", "crm", Map.of("accessToken", "new", "refreshToken", "r2"));

    assertThat(p.find("oAuth2", "crm"))
        .contains(Map.of("accessToken", "new", "refreshToken", "r2"));
  }
}

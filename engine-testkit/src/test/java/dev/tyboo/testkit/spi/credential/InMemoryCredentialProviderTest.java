package dev.tyboo.testkit.spi.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.spi.credential.CredentialProvider;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryCredentialProviderTest extends CredentialProviderContract {

  @Override
  protected CredentialProvider createProvider(String type, String name, Map<String, Object> data) {
    return CredentialProvider.inMemory().put(type, name, data);
  }

  @Test
  void keeps_a_copy_and_none_holds_nothing_and_is_read_only() {
    Map<String, Object> data = new HashMap<>(Map.of("token", "t1"));
    CredentialProvider p = CredentialProvider.inMemory().put("httpBearerAuth", "api", data);
    data.put("token", "changed");

    assertThat(p.find("httpBearerAuth", "api")).contains(Map.of("token", "t1"));
    assertThat(CredentialProvider.none().find("httpBearerAuth", "api")).isEmpty();
    assertThatThrownBy(() -> CredentialProvider.none().update("t", "n", Map.of()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("read-only");
  }
}

package dev.tyboo.spi.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.KeyUnavailableException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyProviderTest {

  private static byte[] bytes(int fill) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void reads_keys_from_an_environment_value_the_first_current() {
    String b64a = Base64.getEncoder().encodeToString(bytes(1));
    String b64b = Base64.getEncoder().encodeToString(bytes(2));

    KeyProvider p =
        EnvironmentKeys.parse("TYBOO_MASTER_KEYS", "2026-11=" + b64a + "; 2026-10=" + b64b);

    assertThat(p.current().id()).isEqualTo("2026-11");
    assertThat(p.current().key().getEncoded()).isEqualTo(bytes(1));
    assertThat(p.find("2026-10").orElseThrow().key().getEncoded()).isEqualTo(bytes(2));
    assertThat(p.find("2026-09")).isEmpty();
    assertThat(p.toString()).doesNotContain(b64a);
  }

  @Test
  void a_missing_or_malformed_environment_value_names_the_variable_never_the_key() {
    assertThatThrownBy(() -> EnvironmentKeys.parse("TYBOO_MASTER_KEYS", null))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("TYBOO_MASTER_KEYS");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> EnvironmentKeys.parse("KEYS", "k1=" + shortKey))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("k1")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> EnvironmentKeys.parse("KEYS", "no-equals-sign"))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("entry 1");
  }

  @Test
  void reads_aes_keys_from_a_pkcs12_key_store(@TempDir Path dir) throws Exception {
    char[] password = "changeit".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, password);
    ks.setEntry(
        "2026-11",
        new KeyStore.SecretKeyEntry(new SecretKeySpec(bytes(3), "AES")),
        new KeyStore.PasswordProtection(password));
    ks.setEntry(
        "2026-10",
        new KeyStore.SecretKeyEntry(new SecretKeySpec(bytes(4), "AES")),
        new KeyStore.PasswordProtection(password));
    Path file = dir.resolve("keys.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password);
    }

    KeyProvider p = KeyProvider.fromKeyStore(file, password, "2026-11");

    assertThat(p.current().key().getEncoded()).isEqualTo(bytes(3));
    assertThat(p.find("2026-10").orElseThrow().key().getEncoded()).isEqualTo(bytes(4));
    assertThatThrownBy(() -> KeyProvider.fromKeyStore(file, "wrong".toCharArray(), "2026-11"))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("wrong password");
    assertThatThrownBy(() -> KeyProvider.fromKeyStore(file, password, "2027-01"))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("2027-01");
  }

  @Test
  void refuses_keys_that_are_not_256_bit_aes_and_duplicate_ids() {
    assertThatThrownBy(() -> MasterKey.of("k", new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MasterKey.of("bad id!", bytes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> KeyProvider.of(MasterKey.of("k", bytes(1)), MasterKey.of("k", bytes(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'k'");
  }
}

package dev.tyboo.testkit.spi.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.credential.StoredCredential;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link CredentialStore} must do. Implementations' tests extend this. */
public abstract class CredentialStoreContract {

  /** For subclasses, which supply the implementation under test. */
  protected CredentialStoreContract() {}

  /** {@return a new, empty store} */
  protected abstract CredentialStore createStore();

  private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

  private static StoredCredential credential(
      String tenant, String id, String name, String keyId, long version) {
    return new StoredCredential(
        tenant,
        id,
        "httpBearerAuth",
        name,
        keyId,
        new byte[] {1, 2, (byte) version},
        new byte[] {9, 8, 7, (byte) version},
        T,
        T.plusSeconds(version),
        version);
  }

  @Test
  void should_keep_what_was_inserted_byte_for_byte() {
    CredentialStore s = createStore();
    StoredCredential c = credential("acme", "c1", "github", "k1", 1);

    s.insert(c);

    assertThat(s.find("acme", "c1")).contains(c);
    assertThat(s.findByName("acme", "httpBearerAuth", "github")).contains(c);
  }

  @Test
  void should_never_show_one_tenant_another_tenants_credentials() {
    CredentialStore s = createStore();
    s.insert(credential("acme", "c1", "github", "k1", 1));
    s.insert(credential("globex", "c2", "github", "k1", 1));

    assertThat(s.find("globex", "c1")).isEmpty();
    assertThat(s.findByName("globex", "httpBearerAuth", "github").orElseThrow().id())
        .isEqualTo("c2");
    assertThat(s.list("acme")).extracting(StoredCredential::id).containsExactly("c1");
    assertThat(s.delete("globex", "c1")).isFalse();
    assertThat(s.find("acme", "c1")).isPresent();
  }

  @Test
  void should_refuse_a_second_credential_of_the_same_id_or_type_and_name() {
    CredentialStore s = createStore();
    s.insert(credential("acme", "c1", "github", "k1", 1));

    assertThatThrownBy(() -> s.insert(credential("acme", "c1", "other", "k1", 1)))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThatThrownBy(() -> s.insert(credential("acme", "c2", "github", "k1", 1)))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(s.list("acme")).hasSize(1);
  }

  @Test
  void should_update_only_from_the_version_read() {
    CredentialStore s = createStore();
    s.insert(credential("acme", "c1", "github", "k1", 1));

    s.update(credential("acme", "c1", "github", "k2", 2), 1);

    assertThat(s.find("acme", "c1").orElseThrow().keyId()).isEqualTo("k2");
    assertThatThrownBy(() -> s.update(credential("acme", "c1", "github", "k3", 2), 1))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThatThrownBy(() -> s.update(credential("acme", "gone", "x", "k3", 2), 1))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(s.find("acme", "c1").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void should_list_by_type_and_name_and_find_those_wrapped_by_other_keys() {
    CredentialStore s = createStore();
    s.insert(credential("acme", "c1", "zeta", "old", 1));
    s.insert(credential("acme", "c2", "alpha", "new", 1));
    s.insert(credential("globex", "c3", "beta", "old", 1));

    assertThat(s.list("acme")).extracting(StoredCredential::name).containsExactly("alpha", "zeta");
    assertThat(s.wrappedByOtherKeys("new", 10))
        .extracting(StoredCredential::id)
        .containsExactlyInAnyOrder("c1", "c3");
    assertThat(s.wrappedByOtherKeys("new", 1)).hasSize(1);
  }

  @Test
  void should_delete() {
    CredentialStore s = createStore();
    s.insert(credential("acme", "c1", "github", "k1", 1));

    assertThat(s.delete("acme", "c1")).isTrue();
    assertThat(s.delete("acme", "c1")).isFalse();
    assertThat(s.find("acme", "c1")).isEmpty();
  }
}

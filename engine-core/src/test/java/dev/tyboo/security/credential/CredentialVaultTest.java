package dev.tyboo.security.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.CredentialDecryptionException;
import dev.tyboo.error.InvalidCredentialException;
import dev.tyboo.error.KeyUnavailableException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.credential.StoredCredential;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialVaultTest {

  private static final String SECRET = "ghp_s3cr3t-7d1c9a";

  private static MasterKey key(String id, int fill) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) fill);
    return MasterKey.of(id, b);
  }

  private final CredentialStore store = CredentialStore.inMemory();
  private final MasterKey k1 = key("k1", 1);
  private final CredentialVault vault = CredentialVault.builder(store, KeyProvider.of(k1)).build();

  @Test
  void stores_ciphertext_only_and_lends_the_data_to_nodes_through_its_provider() {
    CredentialInfo info = vault.create("acme", "httpBearerAuth", "github", Map.of("token", SECRET));

    StoredCredential row = store.find("acme", info.id()).orElseThrow();
    assertThat(new String(row.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    assertThat(HexFormat.of().formatHex(row.ciphertext()))
        .doesNotContain(HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)));
    assertThat(row.keyId()).isEqualTo("k1");
    assertThat(info.toString()).doesNotContain(SECRET);
    assertThat(vault.list("acme")).containsExactly(info);
    assertThat(vault.provider("acme").find("httpBearerAuth", "github"))
        .contains(Map.of("token", SECRET));
    assertThat(vault.provider("globex").find("httpBearerAuth", "github")).isEmpty();
  }

  @Test
  void the_same_data_encrypts_differently_each_time() {
    CredentialInfo a = vault.create("acme", "httpBearerAuth", "a", Map.of("token", SECRET));
    CredentialInfo b = vault.create("acme", "httpBearerAuth", "b", Map.of("token", SECRET));

    assertThat(store.find("acme", a.id()).orElseThrow().ciphertext())
        .isNotEqualTo(store.find("acme", b.id()).orElseThrow().ciphertext());
  }

  @Test
  void a_tampered_or_moved_row_does_not_decrypt() {
    CredentialInfo info = vault.create("acme", "httpBearerAuth", "github", Map.of("token", SECRET));
    StoredCredential row = store.find("acme", info.id()).orElseThrow();

    byte[] flipped = row.ciphertext();
    flipped[flipped.length - 1] ^= 1;
    CredentialStore tampered = CredentialStore.inMemory();
    tampered.insert(copy(row, row.tenant(), row.id(), row.wrappedKey(), flipped));
    CredentialVault overTampered = CredentialVault.builder(tampered, KeyProvider.of(k1)).build();
    assertThatThrownBy(() -> overTampered.provider("acme").find("httpBearerAuth", "github"))
        .isInstanceOf(CredentialDecryptionException.class)
        .hasMessageContaining(info.id())
        .hasMessageNotContaining(SECRET);

    // the whole row copied under another tenant: the associated data no longer matches
    store.insert(copy(row, "globex", row.id(), row.wrappedKey(), row.ciphertext()));
    assertThatThrownBy(() -> vault.provider("globex").find("httpBearerAuth", "github"))
        .isInstanceOf(CredentialDecryptionException.class);
    // and under another id in the same tenant
    CredentialStore moved = CredentialStore.inMemory();
    moved.insert(copy(row, "acme", "other-id", row.wrappedKey(), row.ciphertext()));
    assertThatThrownBy(
            () ->
                CredentialVault.builder(moved, KeyProvider.of(k1))
                    .build()
                    .provider("acme")
                    .find("httpBearerAuth", "github"))
        .isInstanceOf(CredentialDecryptionException.class);
  }

  private static StoredCredential copy(
      StoredCredential r, String tenant, String id, byte[] wrappedKey, byte[] ciphertext) {
    return new StoredCredential(
        tenant,
        id,
        r.type(),
        r.name(),
        r.keyId(),
        wrappedKey,
        ciphertext,
        r.createdAt(),
        r.updatedAt(),
        r.version());
  }

  @Test
  void a_wrong_or_missing_master_key_gives_a_typed_error() {
    vault.create("acme", "httpBearerAuth", "github", Map.of("token", SECRET));

    CredentialVault wrongKey = CredentialVault.builder(store, KeyProvider.of(key("k1", 9))).build();
    assertThatThrownBy(() -> wrongKey.provider("acme").find("httpBearerAuth", "github"))
        .isInstanceOf(CredentialDecryptionException.class);
    CredentialVault noKey = CredentialVault.builder(store, KeyProvider.of(key("k2", 2))).build();
    assertThatThrownBy(() -> noKey.provider("acme").find("httpBearerAuth", "github"))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("'k1'");
  }

  @Test
  void rotating_the_master_key_rewraps_without_downtime() {
    CredentialInfo a = vault.create("acme", "httpBearerAuth", "a", Map.of("token", "ta"));
    CredentialInfo b =
        vault.create("globex", "httpBasicAuth", "b", Map.of("user", "u", "password", "p"));
    byte[] dataBefore = store.find("acme", a.id()).orElseThrow().ciphertext();

    MasterKey k2 = key("k2", 2);
    CredentialVault rotated = CredentialVault.builder(store, KeyProvider.of(k2, k1)).build();
    // before and while re-wrapping, everything still reads
    assertThat(rotated.provider("acme").find("httpBearerAuth", "a"))
        .contains(Map.of("token", "ta"));
    assertThat(rotated.rewrap(1)).isEqualTo(1);
    assertThat(rotated.provider("acme").find("httpBearerAuth", "a"))
        .contains(Map.of("token", "ta"));
    assertThat(rotated.provider("globex").find("httpBasicAuth", "b"))
        .contains(Map.of("user", "u", "password", "p"));
    assertThat(rotated.rewrap(10)).isEqualTo(1);
    assertThat(rotated.rewrap(10)).isZero();

    assertThat(rotated.list("acme")).extracting(CredentialInfo::keyId).containsOnly("k2");
    assertThat(store.find("acme", a.id()).orElseThrow().ciphertext()).isEqualTo(dataBefore);
    // the old key can go now
    CredentialVault onlyNew = CredentialVault.builder(store, KeyProvider.of(k2)).build();
    assertThat(onlyNew.provider("globex").find("httpBasicAuth", "b")).isPresent();
    assertThat(b.keyId()).isEqualTo("k1");
  }

  @Test
  void data_that_does_not_fit_its_type_is_refused_naming_the_field_and_nothing_is_written() {
    assertThatThrownBy(() -> vault.create("acme", "httpBasicAuth", "x", Map.of("user", "u")))
        .isInstanceOf(InvalidCredentialException.class)
        .hasMessageContaining("'password'");
    assertThatThrownBy(
            () -> vault.create("acme", "httpBearerAuth", "x", Map.of("token", SECRET, "extra", 1)))
        .isInstanceOf(InvalidCredentialException.class)
        .hasMessageContaining("'extra'")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> vault.create("acme", "httpBearerAuth", "x", Map.of("token", 42)))
        .isInstanceOf(InvalidCredentialException.class)
        .hasMessageContaining("string");
    assertThatThrownBy(() -> vault.create("acme", "smtp", "x", Map.of()))
        .isInstanceOf(InvalidCredentialException.class)
        .hasMessageContaining("smtp");
    assertThat(vault.list("acme")).isEmpty();
  }

  @Test
  void updates_re_encrypt_and_refuse_a_duplicate_name() {
    CredentialInfo info = vault.create("acme", "httpBearerAuth", "github", Map.of("token", "one"));

    CredentialInfo updated = vault.update("acme", info.id(), Map.of("token", "two"));
    vault.provider("acme").update("httpBearerAuth", "github", Map.of("token", "three"));

    assertThat(updated.version()).isEqualTo(2);
    assertThat(vault.provider("acme").find("httpBearerAuth", "github"))
        .contains(Map.of("token", "three"));
    assertThat(vault.info("acme", info.id()).orElseThrow().version()).isEqualTo(3);
    assertThatThrownBy(
            () -> vault.create("acme", "httpBearerAuth", "github", Map.of("token", "again")))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(vault.delete("acme", info.id())).isTrue();
    assertThat(vault.list("acme")).isEmpty();
  }

  @Test
  void json_schema_of_a_type_lists_its_fields() {
    assertThat(CredentialType.HTTP_BASIC.toJsonSchema())
        .containsEntry("required", List.of("user", "password"))
        .containsEntry("additionalProperties", false);
  }

  /** Uses its token, then fails with a message of its own. */
  private static final NodeType FAILS_AFTER_USING_TOKEN =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.failsAfterUsingToken")
                .credentialType("httpBearerAuth")
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          String token = (String) ctx.credential("httpBearerAuth").get("token");
          ctx.log().info("calling the API with a token of {} characters", token.length());
          throw new NonRetryableNodeException("the API refused the call (401)");
        }
      };

  @Test
  void a_failing_node_that_used_a_credential_leaves_no_secret_in_events_outputs_or_errors() {
    vault.create("acme", "httpBearerAuth", "github", Map.of("token", SECRET));
    List<ExecutionEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (Engine engine =
        Engine.builder()
            .nodeType(FAILS_AFTER_USING_TOKEN)
            .credentials(vault.provider("acme"))
            .listener(events::add)
            .build()) {
      Workflow wf =
          Workflow.named("w")
              .node(
                  "call",
                  NodeDefinition.of(FAILS_AFTER_USING_TOKEN, Map.of()),
                  o -> o.credential("httpBearerAuth", "github"))
              .build();

      Execution run = engine.run(wf, Item.listOf(Map.of("id", 1)));

      assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
      StringBuilder everything = new StringBuilder();
      events.forEach(e -> everything.append(e).append('\n'));
      run.nodeRuns().values().forEach(r -> everything.append(r).append('\n'));
      run.error().ifPresent(e -> everything.append(e.getMessage()).append(e));
      everything.append(dev.tyboo.workflow.WorkflowJson.write(wf));
      assertThat(everything.toString()).contains("401").doesNotContain(SECRET);
    }
  }
}

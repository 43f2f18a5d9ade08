package dev.tyboo.security.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.AuthorizedEngine;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.CredentialException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.access.Role;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The nodes of a tenant's workflows find credentials in their own tenant of the vault only, and
 * every loan of a credential to a node is in the audit log.
 */
class TenantCredentialsTest {

  private static final Workflow CALLS =
      Workflow.named("calls")
          .node(
              "call",
              NodeDefinition.of(TestNodes.TOKEN_SUFFIX, Map.of()),
              o -> o.credential("httpBearerAuth", "github"))
          .build();

  private final AuditLog audit = AuditLog.inMemory();
  private final CredentialVault vault =
      CredentialVault.builder(
              CredentialStore.inMemory(), KeyProvider.of(MasterKey.of("k1", new byte[32])))
          .build();
  private final Engine engine =
      Engine.builder()
          .storage(Storage.inMemory(Clock.system()))
          .nodeType(TestNodes.TOKEN_SUFFIX)
          .credentialVault(vault)
          .auditLog(audit)
          .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static Map<String, Object> firstOutput(Execution run) {
    return run.nodeRuns().get("call").outputs().get("main").getFirst().json();
  }

  @Test
  void each_tenants_nodes_get_that_tenants_credential_and_the_loan_is_audited() {
    AuthorizedEngine acme = engine.as(Principal.of("ada", "acme", Role.ADMIN));
    AuthorizedEngine globex = engine.as(Principal.of("gus", "globex", Role.ADMIN));
    acme.createCredential("httpBearerAuth", "github", Map.of("token", "acme-token-AAAA"));
    globex.createCredential("httpBearerAuth", "github", Map.of("token", "globex-token-GGGG"));
    acme.deploy(CALLS);
    globex.deploy(CALLS);

    Execution atAcme = acme.start("calls", List.of(Item.empty()));
    Execution atGlobex = globex.start("calls", List.of(Item.empty()));

    assertThat(atAcme.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(atGlobex.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(firstOutput(atAcme)).containsEntry("suffix", "AAAA");
    assertThat(firstOutput(atGlobex)).containsEntry("suffix", "GGGG");
    List<AuditRecord> loans = audit.read(AuditQuery.all().action("credential.use"));
    assertThat(loans)
        .extracting(r -> r.event().tenant() + " " + r.event().target())
        .containsExactlyInAnyOrder("acme httpBearerAuth:github", "globex httpBearerAuth:github");
    assertThat(loans.toString()).doesNotContain("acme-token").doesNotContain("globex-token");
    assertThat(
            audit
                .read(AuditQuery.all().tenant("acme").action("credential.use"))
                .getFirst()
                .detail())
        .containsEntry("execution", atAcme.id().value())
        .containsEntry("node", "call");
  }

  @Test
  void a_tenant_without_the_credential_does_not_reach_another_tenants() {
    AuthorizedEngine acme = engine.as(Principal.of("ada", "acme", Role.ADMIN));
    AuthorizedEngine initech = engine.as(Principal.of("ian", "initech", Role.ADMIN));
    acme.createCredential("httpBearerAuth", "github", Map.of("token", "acme-token-AAAA"));
    initech.deploy(CALLS);

    Execution run = initech.start("calls", List.of(Item.empty()));

    assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow()) // read back from the store: the class is in the message
        .hasMessageContaining(CredentialException.class.getSimpleName())
        .hasMessageContaining("'github'")
        .hasMessageNotContaining("acme-token");
  }
}

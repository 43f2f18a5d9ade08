package dev.tyboo.examples;

import dev.tyboo.engine.AuthorizedEngine;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.StartOptions;
import dev.tyboo.error.AccessDeniedException;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.access.Role;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.security.privacy.SubjectErasure;
import dev.tyboo.spi.audit.AuditChain;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A tour of the security features, embedded, with no external service: two tenants share one
 * engine; each deploys a workflow whose node uses an encrypted credential of its own tenant; a
 * viewer is refused; an execution is tagged with a data subject at its start, exported and erased;
 * the hash-chained audit log verifies.
 */
public final class MultiTenantExample {

  private MultiTenantExample() {}

  /** Greets with the tenant's API key's length (a real node would call an API with it). */
  private static final NodeType GREET =
      NodeType.of(
          NodeDescriptor.builder("example.greet").credentialType("httpBearerAuth").build(),
          ctx -> {
            String token = (String) ctx.credential("httpBearerAuth").get("token");
            return NodeResult.mapItems(
                ctx,
                (item, i) ->
                    item.with("greeting", "Hello " + item.get("name"))
                        .with("keyLength", token.length()));
          });

  /**
   * Runs the tour and prints what happens.
   *
   * @param args none
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    byte[] key = new byte[32];
    new SecureRandom()
        .nextBytes(key); // a host keeps its master keys in TYBOO_MASTER_KEYS or a key store
    CredentialVault vault =
        CredentialVault.builder(CredentialStore.inMemory(), KeyProvider.of(MasterKey.of("k1", key)))
            .build();
    AuditLog audit = AuditLog.inMemory();
    try (Engine engine =
        Engine.builder()
            .storage(Storage.inMemory(Clock.system()))
            .nodeType(GREET)
            .credentialVault(vault)
            .auditLog(audit)
            .build()) {
      Workflow greet =
          Workflow.named("greet")
              .node(
                  "greet",
                  NodeDefinition.of(GREET, Map.of()),
                  o -> o.credential("httpBearerAuth", "api"))
              .build();
      for (String tenant : List.of("acme", "globex")) {
        AuthorizedEngine admin = engine.as(Principal.of(tenant + "-admin", tenant, Role.ADMIN));
        admin.createCredential("httpBearerAuth", "api", Map.of("token", "token-of-" + tenant));
        admin.deploy(greet);
      }

      AuthorizedEngine ada = engine.as(Principal.of("ada", "acme", Role.ADMIN));
      Execution run =
          ada.start(
              "greet",
              Item.listOf(Map.of("name", "Ana Lima")),
              StartOptions.subjects("customer-7"));
      run.await(Duration.ofSeconds(10));
      out.println("acme ran greet: " + run.status() + ", " + run.output("greet").getFirst().json());

      AuthorizedEngine vic = engine.as(Principal.of("vic", "acme", Role.VIEWER));
      try {
        vic.start("greet", List.of(Item.empty()));
      } catch (AccessDeniedException e) {
        out.println("viewer refused: " + e.getMessage());
      }
      AuthorizedEngine gus = engine.as(Principal.of("gus", "globex", Role.ADMIN));
      out.println("globex sees acme's execution: " + gus.executions().find(run.id()).isPresent());

      ByteArrayOutputStream export = new ByteArrayOutputStream();
      int exported = ada.subjects().export("customer-7", export);
      out.println(
          "export of customer-7: "
              + exported
              + " execution(s), mentions Ana Lima: "
              + export.toString(StandardCharsets.UTF_8).contains("Ana Lima"));
      SubjectErasure erased = ada.subjects().erase("customer-7");
      out.println(
          "erased customer-7: "
              + erased.executions()
              + " execution(s); still stored: "
              + engine.executions().find(run.id()).isPresent());

      out.println(
          "audit: "
              + audit.read(AuditQuery.all()).size()
              + " records, chain intact: "
              + AuditChain.verify(audit).intact());
    }
  }
}

package dev.tyboo.security.credential;

import dev.tyboo.engine.AuthorizedEngine;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.access.Role;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link RedactionTest} in a JVM of its own whose SLF4J logs every level to standard out: a
 * tenant's workflow uses a credential, is retried, and fails; then everything the engine holds is
 * printed too (events, execution records, node runs, audit records, credential rows, the workflow).
 */
public final class RedactionScenario {

  /** The secret that must appear nowhere. */
  public static final String SECRET = "xoxb-7f3c1d9a-REDACT-ME";

  /** Printed before the stored state. */
  public static final String STATE = "=== stored state ===";

  private static final NodeType USES_TOKEN =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.usesToken").credentialType("httpBearerAuth").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          String token = (String) ctx.credential("httpBearerAuth").get("token");
          ctx.log().info("calling the API with a token of {} characters", token.length());
          if (ctx.attempt() == 1) {
            throw new RetryableNodeException("the API is busy (503)");
          }
          throw new NonRetryableNodeException("the API refused the call (401)");
        }
      };

  private RedactionScenario() {}

  /**
   * Runs the scenario.
   *
   * @param args none
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Storage storage = Storage.inMemory(Clock.system());
    AuditLog audit = AuditLog.inMemory();
    CredentialStore credentials = CredentialStore.inMemory();
    CredentialVault vault =
        CredentialVault.builder(credentials, KeyProvider.of(MasterKey.of("k1", new byte[32])))
            .build();
    StringBuilder events = new StringBuilder();
    try (Engine engine =
        Engine.builder()
            .storage(storage)
            .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(5)).build())
            .nodeType(USES_TOKEN)
            .credentialVault(vault)
            .auditLog(audit)
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                    .build())
            .listener(e -> events.append(e).append('\n'))
            .build()) {
      AuthorizedEngine acme = engine.as(Principal.of("ada", "acme", Role.ADMIN));
      acme.createCredential("httpBearerAuth", "slack", Map.of("token", SECRET));
      Workflow wf =
          Workflow.named("notify")
              .node(
                  "post",
                  NodeDefinition.of(USES_TOKEN, Map.of()),
                  o -> o.credential("httpBearerAuth", "slack"))
              .build();
      acme.deploy(wf);
      Execution run = acme.start("notify", List.of(Item.of(Map.of("text", "hello"))));
      out.println("status: " + run.await(Duration.ofSeconds(20)));
      run.error().ifPresent(e -> out.println("error: " + e + " " + List.of(e.getStackTrace())));

      out.println(STATE);
      out.print(events);
      for (ExecutionRecord r :
          engine.executions().query(ExecutionQuery.builder().build()).items()) {
        out.println(r);
        storage.executions().nodeRuns(r.id()).forEach(out::println);
      }
      audit.read(AuditQuery.all()).forEach(out::println);
      credentials.list("acme").forEach(out::println);
      out.println(WorkflowJson.write(wf));
      out.println(acme.credentials());
    }
  }
}

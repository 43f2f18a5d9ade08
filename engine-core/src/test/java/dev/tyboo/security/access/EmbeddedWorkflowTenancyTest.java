package dev.tyboo.security.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.AuthorizedEngine;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.Eventually;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A workflow written inside a node (a loop body) belongs to exactly the owner of the workflow that
 * holds it: never to a tenant whose id happens to match the start of its name. Checked both ways
 * for credentials, sub-workflows, error workflows, audit records and who may see its executions.
 */
class EmbeddedWorkflowTenancyTest {

  private static final Duration AWAIT = Duration.ofSeconds(20);

  /** Who ran: helpers and error workflows add their {@code who} here. */
  private final Queue<String> ran = new ConcurrentLinkedQueue<>();

  private final NodeType mark =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.mark")
                .property(PropertySpec.string("who").required())
                .build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          String who = ctx.stringParameter("who", 0);
          ran.add(who);
          return NodeResult.of(Item.listOf(Map.of("who", who)));
        }
      };

  private static final NodeType CALL_HELPER =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.callHelper").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          ctx.flow().startSubWorkflow("helper", List.of(Item.empty()));
          return NodeResult.waitForResume(null, List.of());
        }
      };

  private static final NodeType BOOM =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.boom").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          throw new NonRetryableNodeException("boom");
        }
      };

  private static final NodeType LOOP =
      new NodeType() {
        private final NodeDescriptor descriptor =
            NodeDescriptor.builder("test.loop").property(PropertySpec.workflow("body")).build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          ctx.flow()
              .startSubWorkflowPerBatch(ctx.flow().embeddedWorkflow("body"), List.of(ctx.input()));
          return NodeResult.waitForResume(null, List.of());
        }
      };

  private static final Map<String, Object> BODY =
      Map.of(
          "nodes",
          List.of(
              Map.of(
                  "id",
                  "token",
                  "type",
                  "test.tokenSuffix",
                  "credentials",
                  Map.of("httpBearerAuth", "api")),
              Map.of("id", "call", "type", "test.callHelper")),
          "connections",
          List.of());

  private static final Map<String, Object> FAILING_BODY =
      Map.of(
          "nodes",
          List.of(Map.of("id", "boom", "type", "test.boom")),
          "connections",
          List.of(),
          "settings",
          Map.of("errorWorkflow", "alert"));

  private final AuditLog audit = AuditLog.inMemory();
  private final CredentialVault vault =
      CredentialVault.builder(
              CredentialStore.inMemory(), KeyProvider.of(MasterKey.of("k1", new byte[32])))
          .build();
  private final Engine engine =
      Engine.builder()
          .storage(Storage.inMemory(Clock.system()))
          .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(5)).build())
          .nodeType(mark)
          .nodeType(TestNodes.TOKEN_SUFFIX)
          .nodeType(CALL_HELPER)
          .nodeType(BOOM)
          .nodeType(LOOP)
          .credentials(
              ((InMemoryCredentialProvider) CredentialProvider.inMemory())
                  .put("httpBearerAuth", "api", Map.of("token", "host-token-HHHH")))
          .credentialVault(vault)
          .auditLog(audit)
          .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Workflow looping(String name, Map<String, Object> body) {
    return Workflow.named(name).node("loop", NodeDefinition.of(LOOP, Map.of("body", body))).build();
  }

  private Workflow marking(String name, String who) {
    return Workflow.named(name).node("mark", NodeDefinition.of(mark, Map.of("who", who))).build();
  }

  private void deployHelpers(AuthorizedEngine tenant, String who) {
    tenant.createCredential(
        "httpBearerAuth",
        "api",
        Map.of("token", who + "-token-" + who.toUpperCase().substring(0, 4)));
    tenant.deploy(marking("helper", who + "-helper"));
    tenant.deploy(marking("alert", who + "-alert"));
  }

  @Test
  void a_host_workflow_named_like_a_tenant_keeps_its_loop_body_in_the_host() {
    AuthorizedEngine orders = engine.as(Principal.of("olga", "orders", Role.ADMIN));
    deployHelpers(orders, "orders");
    engine.deploy(marking("helper", "host-helper"));
    engine.deploy(marking("alert", "host-alert"));

    Execution run = engine.start(looping("orders", BODY), List.of(Item.empty()));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("loop"))
        .extracting(Item::json)
        .containsExactlyInAnyOrder(Map.of("suffix", "HHHH"), Map.of("who", "host-helper"));
    assertThat(ran).containsExactly("host-helper");
    ExecutionRecord body = engine.executions().children(run.id()).getFirst();
    assertThat(body.workflowName()).isEqualTo("orders#loop#body");

    // the tenant 'orders' neither sees the host's body execution nor is recorded as its owner
    assertThat(orders.executions().find(body.id())).isEmpty();
    assertThat(orders.executions().find(run.id())).isEmpty();
    List<AuditRecord> loans = audit.read(AuditQuery.all().action("credential.use"));
    assertThat(loans).isNotEmpty().allSatisfy(r -> assertThat(r.event().tenant()).isEmpty());
    assertThat(audit.read(AuditQuery.all().tenant("orders")))
        .noneMatch(r -> r.event().action().equals("credential.use"));

    // the body's error workflow is the host's too
    Execution failing = engine.start(looping("orders", FAILING_BODY), List.of(Item.empty()));
    assertThat(failing.await(AWAIT)).isEqualTo(ExecutionStatus.FAILED);
    awaitRan("host-alert");
    assertThat(ran).doesNotContain("orders-alert", "orders-helper");
    assertThat(audit.read(AuditQuery.all().tenant("orders")))
        .extracting(r -> r.event().action())
        .doesNotContain("execution.failed", "node.failed", "execution.started");
  }

  @Test
  void a_tenant_workflows_loop_body_stays_in_that_tenant() {
    AuthorizedEngine acme = engine.as(Principal.of("ada", "acme", Role.ADMIN));
    AuthorizedEngine orders = engine.as(Principal.of("olga", "orders", Role.ADMIN));
    deployHelpers(acme, "acme");
    deployHelpers(orders, "orders");
    engine.deploy(marking("helper", "host-helper"));
    engine.deploy(marking("alert", "host-alert"));
    acme.deploy(looping("orders", BODY));

    Execution run = acme.start("orders", List.of(Item.empty()));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("loop"))
        .extracting(Item::json)
        .containsExactlyInAnyOrder(Map.of("suffix", "ACME"), Map.of("who", "acme-helper"));
    assertThat(ran).containsExactly("acme-helper");
    ExecutionRecord body = engine.executions().children(run.id()).getFirst();
    assertThat(body.workflowName()).isEqualTo("acme/orders#loop#body");
    assertThat(acme.executions().find(body.id())).isPresent();
    assertThat(orders.executions().find(body.id())).isEmpty();
    assertThat(audit.read(AuditQuery.all().action("credential.use")))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.event().tenant()).isEqualTo("acme"));

    acme.deploy(looping("failing", FAILING_BODY));
    Execution failing = acme.start("failing", List.of(Item.empty()));
    assertThat(failing.await(AWAIT)).isEqualTo(ExecutionStatus.FAILED);
    awaitRan("acme-alert");
    assertThat(ran).doesNotContain("host-alert", "orders-alert");
  }

  private void awaitRan(String who) {
    Eventually.await(AWAIT, () -> ran.contains(who), who + " ran");
  }
}

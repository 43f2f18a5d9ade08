package dev.tyboo.security.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.AuthorizedEngine;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.AccessDeniedException;
import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.flow.ExecuteWorkflow;
import dev.tyboo.security.credential.CredentialInfo;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.spi.audit.AuditChain;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.TestNodes;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every role against every operation, on the principal's own tenant and on another's: a generated
 * matrix, each cell asserted. A role without the permission is refused; with it, the operation
 * works on its own tenant and never shows or touches the other tenant's data.
 */
class AccessMatrixTest {

  private static final Role RUNNER =
      Role.of("runner", Permission.WORKFLOW_EXECUTE, Permission.EXECUTION_READ);
  private static final String SUBJECT = "customer-42";
  private static final List<Role> ROLES = List.of(Role.ADMIN, Role.EDITOR, Role.VIEWER, RUNNER);

  /** What one tenant holds before each cell runs. */
  private record Holdings(Execution execution, CredentialInfo credential) {}

  private final AuditLog audit = AuditLog.inMemory();
  private final CredentialVault vault =
      CredentialVault.builder(
              CredentialStore.inMemory(), KeyProvider.of(MasterKey.of("k1", new byte[32])))
          .build();
  private final Engine engine =
      Engine.builder()
          .nodeTypes(TestNodes.registry())
          .storage(Storage.inMemory(Clock.system()))
          .credentialVault(vault)
          .auditLog(audit)
          .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static Workflow workflow() {
    return Workflow.named("orders").node("set", TestNodes.set("seen", true)).build();
  }

  /**
   * One operation: its permission, what "works" means on the own tenant, what "hidden" means on
   * another's.
   */
  private record Operation(
      String name,
      Permission permission,
      Consumer<Cell> onOwnTenant,
      Consumer<Cell> onOtherTenant) {}

  /** One cell's world: the principal's engine, their tenant's holdings and the other tenant's. */
  private record Cell(AuthorizedEngine me, Holdings mine, Holdings theirs) {}

  private static List<Operation> operations() {
    return List.of(
        new Operation(
            "deploy",
            Permission.WORKFLOW_WRITE,
            c -> assertThat(c.me().deploy(workflow())).isPositive(),
            c -> {
              // deploying a name another tenant uses changes nothing of theirs
              c.me().deploy(Workflow.named("only-mine").node("set", TestNodes.set("x", 1)).build());
              assertThat(c.theirs().execution().workflow().name()).endsWith("/orders");
            }),
        new Operation(
            "start",
            Permission.WORKFLOW_EXECUTE,
            c ->
                assertThat(
                        c.me().start("orders", Item.listOf(Map.of())).await(Duration.ofSeconds(10)))
                    .isEqualTo(ExecutionStatus.SUCCEEDED),
            c ->
                notFound(
                    () -> c.me().start("only-theirs", Item.listOf(Map.of())),
                    WorkflowNotFoundException.class)),
        new Operation(
            "read execution",
            Permission.EXECUTION_READ,
            c -> assertThat(c.me().executions().find(c.mine().execution().id())).isPresent(),
            c -> assertThat(c.me().executions().find(c.theirs().execution().id())).isEmpty()),
        new Operation(
            "list executions",
            Permission.EXECUTION_READ,
            c ->
                assertThat(
                        c.me()
                            .executions()
                            .query(ExecutionQuery.builder().workflow("orders").page(0, 10).build())
                            .items())
                    .isNotEmpty(),
            c ->
                assertThat(
                        c.me()
                            .executions()
                            .query(ExecutionQuery.builder().workflow("orders").page(0, 10).build())
                            .items())
                    .noneMatch(r -> r.id().equals(c.theirs().execution().id()))),
        new Operation(
            "cancel",
            Permission.EXECUTION_CANCEL,
            c ->
                assertThat(c.me().executions().cancel(c.mine().execution().id()))
                    .isFalse(), // already ended
            c ->
                notFound(
                    () -> c.me().executions().cancel(c.theirs().execution().id()),
                    ExecutionNotFoundException.class)),
        new Operation(
            "rerun",
            Permission.EXECUTION_RESUME,
            c -> assertThat(c.me().executions().rerun(c.mine().execution().id()).id()).isNotNull(),
            c ->
                notFound(
                    () -> c.me().executions().rerun(c.theirs().execution().id()),
                    ExecutionNotFoundException.class)),
        new Operation(
            "list every workflow's executions",
            Permission.EXECUTION_READ,
            c -> {
              var page = c.me().executions().query(ExecutionQuery.builder().page(0, 100).build());
              assertThat(page.items())
                  .extracting(r -> r.id())
                  .containsExactly(c.mine().execution().id());
              assertThat(page.total()).isEqualTo(1);
            },
            c ->
                assertThat(c.me().executions().query(ExecutionQuery.builder().build()).items())
                    .noneMatch(r -> r.id().equals(c.theirs().execution().id()))),
        new Operation(
            "children",
            Permission.EXECUTION_READ,
            c -> assertThat(c.me().executions().children(c.mine().execution().id())).isEmpty(),
            c ->
                notFound(
                    () -> c.me().executions().children(c.theirs().execution().id()),
                    ExecutionNotFoundException.class)),
        new Operation(
            "retry",
            Permission.EXECUTION_RESUME,
            c ->
                assertThat(
                        c.me()
                            .executions()
                            .retry(c.mine().execution().id(), "set")
                            .await(Duration.ofSeconds(10)))
                    .isEqualTo(ExecutionStatus.SUCCEEDED),
            c ->
                notFound(
                    () -> c.me().executions().retry(c.theirs().execution().id(), "set"),
                    ExecutionNotFoundException.class)),
        new Operation(
            "resume from failure",
            Permission.EXECUTION_RESUME,
            c -> // let through to the engine, which refuses an execution that did not fail
            notFound(
                    () -> c.me().executions().resumeFromFailure(c.mine().execution().id()),
                    dev.tyboo.error.ExecutionStateException.class),
            c ->
                notFound(
                    () -> c.me().executions().resumeFromFailure(c.theirs().execution().id()),
                    ExecutionNotFoundException.class)),
        new Operation(
            "retention",
            Permission.ADMIN,
            c -> assertThat(c.me().executions().keepNewest("orders", 0)).isEqualTo(1),
            c -> {
              c.me().executions().keepNewest("orders", 0);
              assertThat(c.theirs().execution().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            }),
        new Operation(
            "list credentials",
            Permission.CREDENTIAL_USE,
            c -> assertThat(c.me().credentials()).contains(c.mine().credential()),
            c -> assertThat(c.me().credentials()).doesNotContain(c.theirs().credential())),
        new Operation(
            "create credential",
            Permission.CREDENTIAL_WRITE,
            c ->
                assertThat(
                        c.me()
                            .createCredential("httpBearerAuth", "new", Map.of("token", "x"))
                            .tenant())
                    .isEqualTo(c.mine().credential().tenant()),
            c -> {
              // a name another tenant uses is free in mine
              c.me()
                  .createCredential(
                      "httpBearerAuth", c.theirs().credential().name(), Map.of("token", "x"));
              assertThat(c.me().credentials()).doesNotContain(c.theirs().credential());
            }),
        new Operation(
            "delete credential",
            Permission.CREDENTIAL_WRITE,
            c -> assertThat(c.me().deleteCredential(c.mine().credential().id())).isTrue(),
            c -> assertThat(c.me().deleteCredential(c.theirs().credential().id())).isFalse()),
        new Operation(
            "read audit",
            Permission.AUDIT_READ,
            c ->
                assertThat(c.me().audit(AuditQuery.all()))
                    .isNotEmpty()
                    .allMatch(r -> r.event().tenant().equals(c.mine().credential().tenant())),
            c ->
                assertThat(c.me().audit(AuditQuery.all().tenant(c.theirs().credential().tenant())))
                    .extracting(AuditRecord::event)
                    .allMatch(e -> e.tenant().equals(c.mine().credential().tenant()))),
        new Operation(
            "tag subject",
            Permission.WORKFLOW_EXECUTE,
            c -> c.me().subjects().tag(c.mine().execution().id(), "another-subject"),
            c ->
                notFound(
                    () -> c.me().subjects().tag(c.theirs().execution().id(), "another-subject"),
                    ExecutionNotFoundException.class)),
        new Operation(
            "erase subject",
            Permission.ADMIN,
            c -> assertThat(c.me().subjects().erase(SUBJECT).executions()).isEqualTo(1),
            c -> {
              c.me().subjects().erase(SUBJECT);
              assertThat(c.theirs().execution().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            }),
        new Operation(
            "export subject",
            Permission.ADMIN,
            c ->
                assertThat(c.me().subjects().export(SUBJECT, new ByteArrayOutputStream()))
                    .isEqualTo(1),
            c -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              c.me().subjects().export(SUBJECT, out);
              assertThat(out.toString(StandardCharsets.UTF_8))
                  .doesNotContain(c.theirs().execution().id().value());
            }),
        new Operation(
            "administer",
            Permission.ADMIN,
            c -> c.me().recordAdminAction("role.grant", "bob", Map.of("role", "editor")),
            c -> c.me().recordAdminAction("role.grant", "bob", Map.of("role", "editor"))));
  }

  /**
   * Runs an operation on another tenant's resource and expects "not found"; a refusal passes
   * through, so that the cell sees it.
   */
  private static void notFound(Runnable call, Class<? extends Throwable> expected) {
    try {
      call.run();
    } catch (AccessDeniedException refused) {
      throw refused;
    } catch (RuntimeException e) {
      assertThat(e).isInstanceOf(expected);
      return;
    }
    throw new AssertionError("expected " + expected.getSimpleName());
  }

  @TestFactory
  Stream<DynamicTest> every_role_and_operation_on_its_own_and_another_tenant() {
    List<DynamicTest> cells = new ArrayList<>();
    for (Role role : ROLES) {
      for (Operation op : operations()) {
        for (boolean own : new boolean[] {true, false}) {
          String name =
              role.name() + " / " + op.name() + " / " + (own ? "own tenant" : "other tenant");
          cells.add(DynamicTest.dynamicTest(name, () -> cell(role, op, own)));
        }
      }
    }
    return cells.stream();
  }

  private void cell(Role role, Operation op, boolean own) {
    try (Engine fresh =
        Engine.builder()
            .nodeTypes(TestNodes.registry())
            .storage(Storage.inMemory(Clock.system()))
            .credentialVault(
                CredentialVault.builder(
                        CredentialStore.inMemory(),
                        KeyProvider.of(MasterKey.of("k1", new byte[32])))
                    .build())
            .auditLog(AuditLog.inMemory())
            .build()) {
      Holdings acme = holdingsIn(fresh, "acme");
      Holdings globex = holdingsIn(fresh, "globex");
      AuthorizedEngine me = fresh.as(Principal.of("someone", "acme", role));
      Cell cell = new Cell(me, acme, globex);
      if (!role.permissions().contains(op.permission())) {
        Consumer<Cell> attempt = own ? op.onOwnTenant() : op.onOtherTenant();
        assertThatThrownBy(() -> attempt.accept(cell))
            .isInstanceOf(AccessDeniedException.class)
            .hasMessageContaining(op.permission().name());
      } else if (own) {
        op.onOwnTenant().accept(cell);
      } else {
        op.onOtherTenant().accept(cell);
      }
    }
  }

  private Holdings holdingsIn(Engine e, String tenant) {
    AuthorizedEngine admin = e.as(Principal.of(tenant + "-admin", tenant, Role.ADMIN));
    admin.deploy(workflow());
    if (tenant.equals("globex")) {
      admin.deploy(Workflow.named("only-theirs").node("set", TestNodes.set("x", 1)).build());
    }
    Execution run = admin.start("orders", Item.listOf(Map.of("n", 1)));
    run.await(Duration.ofSeconds(10));
    admin.subjects().tag(run.id(), SUBJECT);
    CredentialInfo credential =
        admin.createCredential(
            "httpBearerAuth", "github-" + tenant, Map.of("token", "t-" + tenant));
    return new Holdings(run, credential);
  }

  @Test
  void a_tenants_workflow_starts_sub_workflows_of_its_own_tenant_only() {
    AuthorizedEngine acme = engine.as(Principal.of("ada", "acme", Role.ADMIN));
    AuthorizedEngine globex = engine.as(Principal.of("gus", "globex", Role.ADMIN));
    globex.deploy(Workflow.named("secret").node("set", TestNodes.set("leak", true)).build());
    acme.deploy(Workflow.named("child").node("set", TestNodes.set("child", true)).build());
    acme.deploy(Workflow.named("calls-own").node("call", ExecuteWorkflow.named("child")).build());
    acme.deploy(
        Workflow.named("calls-other").node("call", ExecuteWorkflow.named("globex/secret")).build());

    Execution own = acme.start("calls-own", Item.listOf(Map.of()));
    Execution other = acme.start("calls-other", Item.listOf(Map.of()));

    assertThat(own.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(engine.executions().children(own.id()))
        .singleElement()
        .satisfies(c -> assertThat(c.workflowName()).isEqualTo("acme/child"));
    assertThat(other.await(Duration.ofSeconds(10))).isEqualTo(ExecutionStatus.FAILED);
    assertThat(other.error().orElseThrow().getMessage()).contains("acme/globex/secret");
    assertThat(engine.executions().children(other.id())).isEmpty();
  }

  @Test
  void every_action_and_refusal_lands_in_a_verifiable_audit_log() {
    Holdings acme = holdingsIn(engine, "acme");
    AuthorizedEngine viewer = engine.as(Principal.of("vic", "acme", Role.VIEWER));
    assertThatThrownBy(() -> viewer.start("orders", Item.listOf(Map.of())))
        .isInstanceOf(AccessDeniedException.class);
    viewer.recordSignIn(true, Map.of("method", "password+totp"));

    List<String> actions =
        audit.read(AuditQuery.all().tenant("acme")).stream()
            .filter(r -> !r.event().actor().equals("system"))
            .map(r -> r.event().action())
            .toList();
    assertThat(actions)
        .containsExactly(
            "workflow.deploy",
            "execution.start",
            "credential.create",
            "access.denied",
            "auth.sign_in");
    assertThat(audit.read(AuditQuery.all().tenant("acme").actor("system")))
        .extracting(r -> r.event().action())
        .contains("execution.started");
    assertThat(audit.read(AuditQuery.all().action("access.denied")).getFirst().event().actor())
        .isEqualTo("vic");
    assertThat(AuditChain.verify(audit).intact()).isTrue();
    assertThat(acme.credential().keyId()).isEqualTo("k1");
  }
}

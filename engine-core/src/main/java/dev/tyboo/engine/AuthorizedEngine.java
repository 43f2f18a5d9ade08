package dev.tyboo.engine;

import dev.tyboo.error.AccessDeniedException;
import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.internal.executor.ResumeTokens;
import dev.tyboo.node.Item;
import dev.tyboo.security.access.Permission;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.credential.CredentialInfo;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.spi.audit.AuditEvent;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine as one principal may use it ({@link Engine#as}): every operation checks a {@link
 * Permission} first (deny by default), then keeps to the principal's tenant. Workflows are deployed
 * under {@code <tenant>/<name>}; executions, credentials and audit records of another tenant are
 * never returned (reported as not found, so that their existence does not show). Each operation,
 * and each refusal, is recorded in the engine's audit log when it has one.
 *
 * <p>The host passes every user-facing call through here; the plain {@link Engine} stays for the
 * host's own, trusted code. Thread-safe.
 */
public final class AuthorizedEngine {

  private final Engine engine;
  private final Principal principal;
  private final CredentialVault vault;
  private final AuditLog audit;
  private final ExecutionAdmin executions;
  private final SubjectRights subjects;

  AuthorizedEngine(Engine engine, Principal principal, CredentialVault vault, AuditLog audit) {
    this.engine = engine;
    this.principal = Objects.requireNonNull(principal, "principal");
    this.vault = vault;
    this.audit = audit;
    if (engine.isDurable()) {
      this.executions = new AuthorizedExecutions(this, engine.executions());
      this.subjects =
          new AuthorizedSubjects(
              this,
              engine.subjects(),
              engine.storedSubjects().scoped(this::ours, principal.tenant(), principal.id()));
    } else {
      this.executions = null;
      this.subjects = null;
    }
  }

  /** {@return who acts} */
  public Principal principal() {
    return principal;
  }

  /** {@return the name the engine stores this tenant's workflow under} */
  String stored(String workflowName) {
    return WorkflowRef.of(principal.tenant(), workflowName).qualifiedName();
  }

  /** {@return whether a stored workflow name is one of this tenant's workflows} */
  boolean ours(String storedName) {
    return WorkflowRef.parse(storedName).belongsTo(principal.tenant());
  }

  void require(Permission permission, String action, String target) {
    if (!principal.may(permission)) {
      record("access.denied", target, Map.of("action", action, "permission", permission.name()));
      throw new AccessDeniedException(
          "principal '"
              + principal.id()
              + "' of tenant '"
              + principal.tenant()
              + "' may not "
              + action
              + " (needs "
              + permission
              + ")");
    }
  }

  void record(String action, String target, Map<String, Object> detail) {
    if (audit != null) {
      audit.append(
          new AuditEvent(
              engine.clock().now(), principal.tenant(), principal.id(), action, target, detail));
    }
  }

  /**
   * Deploys a workflow in the principal's tenant, as {@code <tenant>/<name>}.
   *
   * @param workflow the workflow
   * @return its version
   * @throws AccessDeniedException without {@link Permission#WORKFLOW_WRITE}
   */
  public int deploy(Workflow workflow) {
    require(Permission.WORKFLOW_WRITE, "deploy workflows", workflow.name());
    int version =
        engine.deploy(
            new Workflow(
                stored(workflow.name()),
                workflow.description(),
                workflow.nodes(),
                workflow.connections(),
                workflow.settings()));
    record("workflow.deploy", workflow.name(), Map.of("version", version));
    return version;
  }

  /**
   * Starts an execution of one of the tenant's deployed workflows.
   *
   * @param workflowName its name, without the tenant
   * @param items the start items
   * @return the execution
   * @throws AccessDeniedException without {@link Permission#WORKFLOW_EXECUTE}
   * @throws dev.tyboo.error.WorkflowNotFoundException when the tenant has no such workflow
   */
  public Execution start(String workflowName, List<Item> items) {
    return start(workflowName, items, StartOptions.none());
  }

  /**
   * Starts an execution of one of the tenant's deployed workflows, with options (see {@link
   * StartOptions}).
   *
   * @param workflowName its name, without the tenant
   * @param items the start items
   * @param options how to start it
   * @return the execution
   * @throws AccessDeniedException without {@link Permission#WORKFLOW_EXECUTE}
   * @throws dev.tyboo.error.WorkflowNotFoundException when the tenant has no such workflow
   */
  public Execution start(String workflowName, List<Item> items, StartOptions options) {
    require(Permission.WORKFLOW_EXECUTE, "start executions", workflowName);
    Execution run = engine.startDeployed(stored(workflowName), items, options);
    record("execution.start", run.id().toString(), Map.of("workflow", workflowName));
    return run;
  }

  /** {@return the execution, when it is the tenant's} */
  Optional<Execution> own(ExecutionId id) {
    return engine.executions().find(id).filter(e -> ours(e.workflow().name()));
  }

  /**
   * {@return the tenant's stored executions: find, query, cancel, resume, retry, rerun and
   * retention, each checking its permission ({@link Permission#EXECUTION_READ}, {@code
   * EXECUTION_CANCEL}, {@code EXECUTION_RESUME}, {@link Permission#ADMIN} for retention)}
   *
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public ExecutionAdmin executions() {
    if (executions == null) {
      engine.executions(); // throws, naming what is missing
    }
    return executions;
  }

  /**
   * {@return the rights of data subjects over the tenant's executions and audit records (tagging
   * needs {@link Permission#WORKFLOW_EXECUTE}; erasure and export {@link Permission#ADMIN})}
   *
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public SubjectRights subjects() {
    if (subjects == null) {
      engine.subjects(); // throws, naming what is missing
    }
    return subjects;
  }

  /**
   * Ends a node's wait in one of the tenant's executions (see {@link Engine#resume}).
   *
   * @param resumeToken the waiting node's token
   * @param items what the node emits
   * @return the execution
   * @throws AccessDeniedException without {@link Permission#EXECUTION_RESUME}
   * @throws ResumeTokenException when no node of the tenant's executions waits for that token
   *     (another tenant's token is reported like an unknown one); nothing changed
   */
  public Execution resume(String resumeToken, List<Item> items) {
    require(Permission.EXECUTION_RESUME, "resume executions", "");
    ExecutionId id = ResumeTokens.executionOf(resumeToken);
    if (own(id).isEmpty()) {
      record("execution.resume_refused", id.toString(), Map.of());
      throw new ResumeTokenException(
          "resume token '" + ResumeTokens.abbreviate(resumeToken) + "' names no stored execution");
    }
    Execution run = engine.resume(resumeToken, items);
    record("execution.resume", id.toString(), Map.of());
    return run;
  }

  private CredentialVault vault() {
    if (vault == null) {
      throw new UnsupportedCapabilityException(
          "the engine has no credential vault (Engine.builder().credentialVault(..))");
    }
    return vault;
  }

  /**
   * Creates a credential in the tenant.
   *
   * @param type its credential type
   * @param name its name
   * @param data its data
   * @return its metadata
   * @throws AccessDeniedException without {@link Permission#CREDENTIAL_WRITE}
   */
  public CredentialInfo createCredential(String type, String name, Map<String, ?> data) {
    require(Permission.CREDENTIAL_WRITE, "write credentials", type + ":" + name);
    CredentialInfo info = vault().create(principal.tenant(), type, name, data);
    record("credential.create", info.id(), Map.of("type", type, "name", name));
    return info;
  }

  /**
   * Deletes a credential of the tenant.
   *
   * @param id its id
   * @return whether the tenant had it
   * @throws AccessDeniedException without {@link Permission#CREDENTIAL_WRITE}
   */
  public boolean deleteCredential(String id) {
    require(Permission.CREDENTIAL_WRITE, "write credentials", id);
    boolean deleted = vault().delete(principal.tenant(), id);
    record("credential.delete", id, Map.of("deleted", deleted));
    return deleted;
  }

  /**
   * {@return the tenant's credentials, metadata only}
   *
   * @throws AccessDeniedException without {@link Permission#CREDENTIAL_USE}
   */
  public List<CredentialInfo> credentials() {
    require(Permission.CREDENTIAL_USE, "list credentials", "");
    return vault().list(principal.tenant());
  }

  /**
   * {@return the tenant's audit records that match}
   *
   * @param query which records; its tenant is always the principal's
   * @throws AccessDeniedException without {@link Permission#AUDIT_READ}
   */
  public List<AuditRecord> audit(AuditQuery query) {
    require(Permission.AUDIT_READ, "read the audit log", "");
    if (audit == null) {
      throw new UnsupportedCapabilityException(
          "the engine has no audit log (Engine.builder().auditLog(..))");
    }
    return audit.read(query.tenant(principal.tenant()));
  }

  /**
   * Records an administrative action the host performed for this principal, such as a role change.
   *
   * @param action what was done, such as {@code role.grant}
   * @param target to whom or what
   * @param detail more about it
   * @throws AccessDeniedException without {@link Permission#ADMIN}
   */
  public void recordAdminAction(String action, String target, Map<String, Object> detail) {
    require(Permission.ADMIN, "administer the tenant", target);
    record(action, target, detail);
  }

  /**
   * Records that the principal signed in (or failed to), as the host saw it. Needs no permission.
   *
   * @param succeeded whether the sign-in succeeded
   * @param detail more about it, such as the method ({@code password+totp})
   */
  public void recordSignIn(boolean succeeded, Map<String, Object> detail) {
    record(succeeded ? "auth.sign_in" : "auth.sign_in_failed", principal.id(), detail);
  }
}

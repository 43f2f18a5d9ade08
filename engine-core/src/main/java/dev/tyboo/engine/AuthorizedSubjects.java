package dev.tyboo.engine;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.security.access.Permission;
import dev.tyboo.security.privacy.SubjectErasure;
import java.io.OutputStream;
import java.util.Objects;

/**
 * {@link SubjectRights} for one principal: tagging needs {@link Permission#WORKFLOW_EXECUTE} on one
 * of the tenant's executions; erasure and export need {@link Permission#ADMIN} and reach only the
 * tenant's executions and audit records.
 */
final class AuthorizedSubjects implements SubjectRights {

  private final AuthorizedEngine auth;
  private final SubjectRights trusted;
  private final SubjectRights tenants;

  AuthorizedSubjects(AuthorizedEngine auth, SubjectRights trusted, SubjectRights tenants) {
    this.auth = auth;
    this.trusted = trusted;
    this.tenants = tenants;
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#WORKFLOW_EXECUTE}
   */
  @Override
  public void tag(ExecutionId id, String subjectId) {
    auth.require(
        Permission.WORKFLOW_EXECUTE, "tag executions with data subjects", String.valueOf(id));
    auth.own(Objects.requireNonNull(id, "id"))
        .orElseThrow(() -> new ExecutionNotFoundException(id.toString()));
    trusted.tag(id, subjectId);
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#ADMIN}
   */
  @Override
  public SubjectErasure erase(String subjectId) {
    auth.require(Permission.ADMIN, "erase data subjects", "");
    return tenants.erase(subjectId);
  }

  /**
   * @throws dev.tyboo.error.AccessDeniedException without {@link Permission#ADMIN}
   */
  @Override
  public int export(String subjectId, OutputStream out) {
    auth.require(Permission.ADMIN, "export data subjects", "");
    return tenants.export(subjectId, out);
  }
}

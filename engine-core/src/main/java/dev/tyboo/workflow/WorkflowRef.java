package dev.tyboo.workflow;

import java.util.Objects;

/**
 * Whose workflow, and which: a tenant (empty for the host's own workflows) and the workflow's name
 * within it. An engine stores a tenant's workflow under the qualified name {@code <tenant>/<name>};
 * this type is the one place that reads and writes that form, so that no code compares name
 * prefixes of its own.
 *
 * @param tenant the tenant id, or {@code ""} for the host's own workflows
 * @param name the workflow's name within the tenant (an embedded workflow's {@code
 *     name#node#parameter} included)
 */
public record WorkflowRef(String tenant, String name) {

  /** Validates the components. */
  public WorkflowRef {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    if (tenant.indexOf(Identifiers.TENANT_SEPARATOR) >= 0) {
      throw new IllegalArgumentException("tenant must not contain '/': " + tenant);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
  }

  /**
   * {@return whose workflow a stored (qualified) name denotes}: what stands before its first {@code
   * /} is the tenant; a name without one is the host's
   *
   * @param qualifiedName a workflow name as an engine stores it
   */
  public static WorkflowRef parse(String qualifiedName) {
    String tenant = Identifiers.tenantOf(qualifiedName);
    return new WorkflowRef(
        tenant, tenant.isEmpty() ? qualifiedName : qualifiedName.substring(tenant.length() + 1));
  }

  /**
   * {@return a tenant's workflow}
   *
   * @param tenant the tenant id; {@code ""} for the host
   * @param name the name within the tenant
   */
  public static WorkflowRef of(String tenant, String name) {
    return new WorkflowRef(tenant, name);
  }

  /**
   * {@return the name an engine stores the workflow under: {@code <tenant>/<name>}, or the name}
   */
  public String qualifiedName() {
    return tenant.isEmpty() ? name : tenant + Identifiers.TENANT_SEPARATOR + name;
  }

  /** {@return whether it is one of the host's own workflows} */
  public boolean isHosts() {
    return tenant.isEmpty();
  }

  /**
   * {@return whether the workflow belongs to the tenant}
   *
   * @param tenantId a tenant id
   */
  public boolean belongsTo(String tenantId) {
    return tenant.equals(tenantId);
  }

  /**
   * {@return the workflow that this one names when it starts a workflow by name (a sub-workflow,
   * its error workflow)}: always one of the same tenant, so that no tenant reaches another's
   * workflows by name
   *
   * @param target the name this workflow gives, within its tenant (a qualified name of the same
   *     tenant is accepted as it is)
   */
  public WorkflowRef resolve(String target) {
    WorkflowRef given = parse(target);
    return given.belongsTo(tenant) ? given : new WorkflowRef(tenant, target);
  }
}

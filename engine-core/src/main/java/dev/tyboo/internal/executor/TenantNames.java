package dev.tyboo.internal.executor;

import dev.tyboo.workflow.Identifiers;

/**
 * Keeps a tenant's workflows to the tenant: a workflow deployed through {@code Engine.as} is named
 * {@code <tenant>/<name>}, and the workflows it starts (sub-workflows, its error workflow) are
 * looked up in the same tenant, so that no tenant can start another tenant's workflow by name.
 */
final class TenantNames {

  private TenantNames() {}

  /**
   * {@return the tenant of a workflow: the first segment of its name, or empty for the host's own}
   *
   * @param workflowName a workflow name
   */
  static String tenantOf(String workflowName) {
    return Identifiers.tenantOf(workflowName);
  }

  /**
   * {@return the name a workflow started from {@code parent} is looked up under}: the target itself
   * for the host's own workflows (no {@code /} in the parent's name); inside tenant {@code T}, the
   * target if it already starts with {@code T/} (embedded workflows), else {@code T/target}
   *
   * @param parent the starting workflow's name
   * @param target the name the starting workflow gives
   */
  static String qualify(String parent, String target) {
    String tenant = tenantOf(parent);
    if (tenant.isEmpty()) {
      return target;
    }
    String prefix = tenant + Identifiers.TENANT_SEPARATOR;
    return target.startsWith(prefix) ? target : prefix + target;
  }
}

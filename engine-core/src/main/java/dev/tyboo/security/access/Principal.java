package dev.tyboo.security.access;

import dev.tyboo.workflow.Identifiers;
import java.util.Objects;
import java.util.Set;

/**
 * Someone acting in one tenant, as the host signed them in: a user, or a service account.
 *
 * @param id their id, recorded as the actor in the audit log
 * @param tenant the tenant they act in
 * @param roles what they may do there
 */
public record Principal(String id, String tenant, Set<Role> roles) {

  /** Checks and copies the values. */
  public Principal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Identifiers.require("tenant id", tenant);
    roles = Set.copyOf(roles);
  }

  /**
   * {@return a principal}
   *
   * @param id their id
   * @param tenant their tenant
   * @param roles their roles
   */
  public static Principal of(String id, String tenant, Role... roles) {
    return new Principal(id, tenant, Set.of(roles));
  }

  /**
   * {@return whether one of their roles grants the permission}
   *
   * @param permission a permission
   */
  public boolean may(Permission permission) {
    return roles.stream().anyMatch(r -> r.permissions().contains(permission));
  }
}

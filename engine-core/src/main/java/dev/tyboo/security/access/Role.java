package dev.tyboo.security.access;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A named set of permissions: the built-in {@link #ADMIN}, {@link #EDITOR} and {@link #VIEWER}, or
 * a custom one ({@link #of}).
 *
 * @param name the role's name
 * @param permissions what it allows
 */
public record Role(String name, Set<Permission> permissions) {

  /** Everything. */
  public static final Role ADMIN = new Role("admin", EnumSet.allOf(Permission.class));

  /** Builds and runs workflows and manages credentials; no audit, no administration. */
  public static final Role EDITOR =
      new Role(
          "editor",
          EnumSet.of(
              Permission.WORKFLOW_READ,
              Permission.WORKFLOW_WRITE,
              Permission.WORKFLOW_DELETE,
              Permission.WORKFLOW_EXECUTE,
              Permission.EXECUTION_READ,
              Permission.EXECUTION_CANCEL,
              Permission.EXECUTION_RESUME,
              Permission.CREDENTIAL_USE,
              Permission.CREDENTIAL_WRITE));

  /** Sees workflows and executions. */
  public static final Role VIEWER =
      new Role("viewer", EnumSet.of(Permission.WORKFLOW_READ, Permission.EXECUTION_READ));

  /** Checks and copies the values. */
  public Role {
    Objects.requireNonNull(name, "name");
    permissions = Set.copyOf(permissions);
  }

  /**
   * {@return a custom role}
   *
   * @param name its name
   * @param permissions what it allows
   */
  public static Role of(String name, Permission... permissions) {
    return new Role(name, Set.of(permissions));
  }
}

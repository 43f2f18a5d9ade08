package dev.tyboo.security.access;

/** What a role may do. Nothing is allowed that a permission does not name. */
public enum Permission {
  /** See workflows. */
  WORKFLOW_READ,
  /** Create and change workflows. */
  WORKFLOW_WRITE,
  /** Delete workflows. */
  WORKFLOW_DELETE,
  /** Start executions of workflows. */
  WORKFLOW_EXECUTE,
  /** See executions and their data. */
  EXECUTION_READ,
  /** Cancel executions. */
  EXECUTION_CANCEL,
  /** Resume, retry and rerun executions. */
  EXECUTION_RESUME,
  /** See credentials' metadata and let workflows use them. */
  CREDENTIAL_USE,
  /** Create, change and delete credentials. */
  CREDENTIAL_WRITE,
  /** Read the tenant's audit log. */
  AUDIT_READ,
  /** Manage the tenant: roles and principals (reported by the host). */
  ADMIN
}

/**
 * The engine's own entries in the audit log: {@link dev.tyboo.security.audit.SystemAuditListener}
 * records executions started, failed (dead-lettered) and cancelled, and nodes failed.
 */
package dev.tyboo.security.audit;

package dev.tyboo.spi.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something to record: who did what to what, in which tenant.
 *
 * @param time when it happened
 * @param tenant the tenant it happened in
 * @param actor who did it: a principal's id, or {@code system} for the engine's own events
 * @param action what was done, such as {@code workflow.update}, {@code execution.failed}
 * @param target what it was done to, such as a workflow name or an execution id; may be empty
 * @param detail more about it (JSON values); may hold personal data, which erasure removes while
 *     the chain stays verifiable
 */
public record AuditEvent(
    Instant time,
    String tenant,
    String actor,
    String action,
    String target,
    Map<String, Object> detail) {

  /** Checks and copies the values. */
  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    target = target == null ? "" : target;
    detail = detail == null ? Map.of() : Map.copyOf(detail);
  }
}

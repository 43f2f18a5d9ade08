package dev.tyboo.spi.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit records to read; unset criteria match everything. Records come in sequence order.
 *
 * @param tenant only this tenant's records, if set
 * @param actor only this actor's, if set
 * @param action only this action, if set
 * @param from only records at or after this time, if set
 * @param until only records before this time, if set
 * @param afterSequence only records with a greater sequence number (paging); 0 for all
 * @param limit the most records to return
 */
public record AuditQuery(
    Optional<String> tenant,
    Optional<String> actor,
    Optional<String> action,
    Optional<Instant> from,
    Optional<Instant> until,
    long afterSequence,
    int limit) {

  /** {@return a query that matches every record, 1,000 at a time} */
  public static AuditQuery all() {
    return new AuditQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        1_000);
  }

  /**
   * {@return a copy that matches one tenant's records only}
   *
   * @param tenant the tenant
   */
  public AuditQuery tenant(String tenant) {
    return new AuditQuery(Optional.of(tenant), actor, action, from, until, afterSequence, limit);
  }

  /**
   * {@return a copy that matches one actor's records only}
   *
   * @param actor the actor
   */
  public AuditQuery actor(String actor) {
    return new AuditQuery(tenant, Optional.of(actor), action, from, until, afterSequence, limit);
  }

  /**
   * {@return a copy that matches one action only}
   *
   * @param action the action
   */
  public AuditQuery action(String action) {
    return new AuditQuery(tenant, actor, Optional.of(action), from, until, afterSequence, limit);
  }

  /**
   * {@return a copy that matches records in a time range}
   *
   * @param from at or after
   * @param until before
   */
  public AuditQuery between(Instant from, Instant until) {
    return new AuditQuery(
        tenant, actor, action, Optional.of(from), Optional.of(until), afterSequence, limit);
  }

  /**
   * {@return a copy for the next page}
   *
   * @param sequence the last sequence number read
   * @param limit the most records to return
   */
  public AuditQuery page(long sequence, int limit) {
    return new AuditQuery(tenant, actor, action, from, until, sequence, limit);
  }

  /**
   * {@return whether a record matches the criteria (not the page)}
   *
   * @param r a record
   */
  public boolean matches(AuditRecord r) {
    AuditEvent e = r.event();
    return tenant.map(e.tenant()::equals).orElse(true)
        && actor.map(e.actor()::equals).orElse(true)
        && action.map(e.action()::equals).orElse(true)
        && from.map(f -> !e.time().isBefore(f)).orElse(true)
        && until.map(u -> e.time().isBefore(u)).orElse(true);
  }
}

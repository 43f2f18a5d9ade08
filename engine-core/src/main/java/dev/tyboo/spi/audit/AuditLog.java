package dev.tyboo.spi.audit;

import java.util.List;
import java.util.Set;

/**
 * The append-only audit log. {@link #append} numbers a record and chains it to the one before it by
 * hash ({@link AuditChain#link}), atomically, so that concurrent appends still form one chain.
 * There is no update and no delete; {@link #eraseDetail} only blanks a record's detail (personal
 * data), which leaves the chain verifiable. {@link AuditChain#verify} finds any record edited,
 * removed or reordered behind the log's back.
 *
 * <p>Implementations must be thread-safe. The contract test {@code AuditLogContract}
 * (engine-testkit) says what they must do.
 */
public interface AuditLog {

  /** {@return a log in this JVM's memory} */
  static AuditLog inMemory() {
    return new InMemoryAuditLog();
  }

  /**
   * Records an event at the end of the chain.
   *
   * @param event what happened
   * @return the record, numbered and chained
   */
  AuditRecord append(AuditEvent event);

  /**
   * {@return the anchor of the newest record: its sequence number and hash ({@link
   * AuditAnchor#empty()} for an empty log)} Keep it outside the log's store and check the log
   * against it later with {@link AuditChain#verify(AuditLog, AuditAnchor)}: that detects records
   * deleted from the end. The default implementation reads the whole log; stores override it.
   */
  default AuditAnchor head() {
    AuditAnchor head = AuditAnchor.empty();
    long after = 0;
    while (true) {
      List<AuditRecord> page = read(AuditQuery.all().page(after, 1_000));
      if (page.isEmpty()) {
        return head;
      }
      AuditRecord last = page.getLast();
      head = new AuditAnchor(last.sequence(), last.hash());
      after = last.sequence();
    }
  }

  /**
   * {@return the records that match, in sequence order, at most {@code query.limit()}}
   *
   * @param query which records
   */
  List<AuditRecord> read(AuditQuery query);

  /**
   * Blanks the detail of the records whose target is one of some values, or whose detail mentions
   * one anywhere as a JSON string (a data subject's id, e-mail address, an erased execution's id,
   * ...), in one pass over the log; their hashes stay as they were, so the chain still verifies.
   *
   * @param tenant the tenant whose records to look at, or {@code null} for every tenant
   * @param values the values
   * @return how many records were blanked
   */
  int eraseDetail(String tenant, Set<String> values);

  /**
   * Blanks the detail of the records about one value (see {@link #eraseDetail(String, Set)}).
   *
   * @param tenant the tenant whose records to look at, or {@code null} for every tenant
   * @param value the value
   * @return how many records were blanked
   */
  default int eraseDetail(String tenant, String value) {
    return eraseDetail(tenant, Set.of(value));
  }
}

package dev.tyboo.spi.audit;

import java.util.Map;
import java.util.Objects;

/**
 * An audit event as the log keeps it: numbered, and chained to the record before it by hash. The
 * hash covers the sequence number, the event's fields and the hash of its detail, and the previous
 * record's hash; so editing, removing or reordering a record breaks the chain at that point. The
 * detail itself is covered through {@code detailHash}, so that erasing personal data from it (the
 * detail becomes {@code null}) leaves the chain verifiable.
 *
 * @param sequence 1 for the first record, one more for each next
 * @param event the event; its detail is empty after erasure
 * @param detailErased whether the detail was erased
 * @param detailHash the SHA-256 (hex) of the detail's canonical JSON, as appended
 * @param previousHash the previous record's hash, or 64 zeros for the first
 * @param hash this record's hash (SHA-256, hex)
 */
public record AuditRecord(
    long sequence,
    AuditEvent event,
    boolean detailErased,
    String detailHash,
    String previousHash,
    String hash) {

  /** Checks the values. */
  public AuditRecord {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(detailHash, "detailHash");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }

  /** {@return the detail, empty when erased} */
  public Map<String, Object> detail() {
    return event.detail();
  }
}

package dev.tyboo.spi.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An {@link AuditLog} in memory; every call holds one lock. */
final class InMemoryAuditLog implements AuditLog {

  private final List<AuditRecord> records = new ArrayList<>();

  @Override
  public synchronized AuditRecord append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    String previous = records.isEmpty() ? AuditChain.GENESIS : records.getLast().hash();
    AuditRecord r = AuditChain.link(records.size() + 1L, event, previous);
    records.add(r);
    return r;
  }

  @Override
  public synchronized AuditAnchor head() {
    if (records.isEmpty()) {
      return AuditAnchor.empty();
    }
    AuditRecord last = records.getLast();
    return new AuditAnchor(last.sequence(), last.hash());
  }

  @Override
  public synchronized List<AuditRecord> read(AuditQuery query) {
    return records.stream()
        .filter(r -> r.sequence() > query.afterSequence() && query.matches(r))
        .limit(query.limit())
        .toList();
  }

  @Override
  public synchronized int eraseDetail(String tenant, Set<String> values) {
    Objects.requireNonNull(values, "values");
    int erased = 0;
    for (int i = 0; i < records.size(); i++) {
      AuditRecord r = records.get(i);
      if ((tenant == null || r.event().tenant().equals(tenant))
          && !r.detailErased()
          && (values.contains(r.event().target()) || AuditChain.mentions(r.detail(), values))) {
        records.set(i, AuditChain.erased(r));
        erased++;
      }
    }
    return erased;
  }

  /** For tests of tamper detection: replaces the stored record of that sequence number. */
  synchronized void overwrite(AuditRecord forged) {
    records.set((int) forged.sequence() - 1, forged);
  }

  /** For tests of tamper detection: removes the stored record of that sequence number. */
  synchronized void remove(long sequence) {
    records.remove((int) sequence - 1);
  }
}

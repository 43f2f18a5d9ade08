package dev.tyboo.spi.audit; // the package of InMemoryAuditLog, whose tampering hooks are private

// to it

import dev.tyboo.testkit.spi.audit.AuditLogContract;

class InMemoryAuditLogTest extends AuditLogContract {

  @Override
  protected AuditLog createLog() {
    return AuditLog.inMemory();
  }

  @Override
  protected void overwrite(AuditLog log, AuditRecord forged) {
    ((InMemoryAuditLog) log).overwrite(forged);
  }

  @Override
  protected void remove(AuditLog log, long sequence) {
    ((InMemoryAuditLog) log).remove(sequence);
  }
}

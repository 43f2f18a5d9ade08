package dev.tyboo.spi.schedule;

class InMemoryScheduleLedgerTest extends ScheduleLedgerContract {

  @Override
  protected ScheduleLedger createLedger() {
    return ScheduleLedger.inMemory();
  }
}

package dev.tyboo.testkit.spi.schedule;

import dev.tyboo.spi.schedule.ScheduleLedger;

class InMemoryScheduleLedgerTest extends ScheduleLedgerContract {

  @Override
  protected ScheduleLedger createLedger() {
    return ScheduleLedger.inMemory();
  }
}

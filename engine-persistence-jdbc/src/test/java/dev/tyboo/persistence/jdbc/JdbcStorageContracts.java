package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditRecord;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.schedule.ScheduleLedger;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.WorkflowStore;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.testkit.spi.audit.AuditLogContract;
import dev.tyboo.testkit.spi.binary.BinaryStoreContract;
import dev.tyboo.testkit.spi.credential.CredentialStoreContract;
import dev.tyboo.testkit.spi.queue.WorkQueueContract;
import dev.tyboo.testkit.spi.schedule.ScheduleLedgerContract;
import dev.tyboo.testkit.spi.store.ExecutionStoreContract;
import dev.tyboo.testkit.spi.store.WorkflowStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every store and queue contract of engine-core on one database; a subclass per dialect says
 * which. Each test starts on empty tables of a schema made for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStorageContracts {

  private TestDatabase db;

  /** {@return the database to test} */
  abstract Dialect dialect();

  @BeforeAll
  void createDatabase() {
    db = TestDatabase.create(dialect());
    Migrations.apply(db.dataSource());
  }

  @AfterAll
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  private JdbcStorage.Builder fresh(Clock clock) {
    db.clear();
    return JdbcStorage.builder(db.dataSource()).clock(clock).migrate(false);
  }

  @Nested
  class Workflows extends WorkflowStoreContract {
    @Override
    protected WorkflowStore createStore(ManualClock clock) {
      return fresh(clock).build().workflows();
    }
  }

  @Nested
  class Executions extends ExecutionStoreContract {
    @Override
    protected ExecutionStore createStore() {
      return fresh(Clock.system()).build().executions();
    }
  }

  @Nested
  class Binaries extends BinaryStoreContract {
    @Override
    protected BinaryStore createStore() {
      db.clear();
      return JdbcStorage.binaryStore(db.dataSource());
    }
  }

  @Nested
  class Queue extends WorkQueueContract {
    @Override
    protected WorkQueue createQueue(ManualClock clock) {
      return fresh(clock).build().queue();
    }
  }

  @Nested
  class Schedules extends ScheduleLedgerContract {
    @Override
    protected ScheduleLedger createLedger() {
      return JdbcStorage.scheduleLedger(fresh(Clock.system()).build());
    }
  }

  @Nested
  class Credentials extends CredentialStoreContract {
    @Override
    protected CredentialStore createStore() {
      return JdbcStorage.credentialStore(fresh(Clock.system()).build());
    }
  }

  @Nested
  class Audit extends AuditLogContract {
    @Override
    protected AuditLog createLog() {
      return JdbcStorage.auditLog(fresh(Clock.system()).build());
    }

    @Override
    protected void overwrite(AuditLog log, AuditRecord forged) {
      sql(
          "UPDATE tyboo_audit SET actor = ?, detail = ?, detail_erased = ?, detail_hash = ?,"
              + " previous_hash = ?, hash = ? WHERE sequence = ?",
          forged.event().actor(),
          new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(forged.detail()).toString(),
          forged.detailErased(),
          forged.detailHash(),
          forged.previousHash(),
          forged.hash(),
          forged.sequence());
    }

    @Override
    protected void remove(AuditLog log, long sequence) {
      sql("DELETE FROM tyboo_audit WHERE sequence = ?", sequence);
    }

    private void sql(String sql, Object... args) {
      try (java.sql.Connection c = db.dataSource().getConnection();
          java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        ps.executeUpdate();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void a_schedule_claim_commits_or_rolls_back_with_the_writes_of_its_action() {
    Storage storage = fresh(Clock.system()).build();
    ScheduleLedger ledger = JdbcStorage.scheduleLedger(storage);
    java.time.Instant fire = java.time.Instant.parse("2026-11-26T08:00:00Z");

    assertThatThrownBy(
            () ->
                ledger.claim(
                    "nightly/cron",
                    fire,
                    () -> {
                      storage.workflows().save("started-by-fire", "{}");
                      throw new IllegalStateException("crash after the start");
                    }))
        .hasMessage("crash after the start");
    assertThat(storage.workflows().latest("started-by-fire")).isEmpty();
    assertThat(ledger.lastFire("nightly/cron")).isEmpty();

    assertThat(
            ledger.claim(
                "nightly/cron", fire, () -> storage.workflows().save("started-by-fire", "{}")))
        .isTrue();
    assertThat(storage.workflows().latest("started-by-fire")).isPresent();
    assertThat(ledger.lastFire("nightly/cron")).contains(fire);
  }

  @Test
  void a_schedule_ledger_needs_storage_built_here() {
    assertThatThrownBy(() -> JdbcStorage.scheduleLedger(Storage.inMemory(Clock.system())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not built by JdbcStorage");
  }
}

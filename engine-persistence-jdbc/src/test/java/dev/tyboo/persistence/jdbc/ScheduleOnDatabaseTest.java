package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.nodes.CoreNodes;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.trigger.ScheduleTrigger;
import dev.tyboo.nodes.trigger.Scheduler;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two engines with their own storage objects on one database (as two processes would be), each with
 * a scheduler on the JDBC ledger, run the same schedule at the same moments: each fire starts
 * exactly one execution.
 */
class ScheduleOnDatabaseTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:05Z");
  private static final int ROUNDS = 12;

  private static Engine engine(Storage storage, String worker) {
    EngineBuilder b =
        Engine.builder()
            .storage(storage)
            .durableOptions(
                DurableOptions.builder()
                    .workerId(worker)
                    .pollInterval(Duration.ofMillis(20))
                    .build());
    CoreNodes.all().forEach(b::nodeType);
    return b.build();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void each_fire_starts_one_execution_when_two_processes_run_the_schedule(Dialect dialect)
      throws Exception {
    Workflow wf =
        Workflow.named("shared")
            .node("tick", ScheduleTrigger.every(Duration.ofSeconds(10)))
            .node("done", NoOp.node())
            .connect("tick", "done")
            .build();
    try (TestDatabase db = TestDatabase.create(dialect)) {
      Storage storageA = JdbcStorage.create(db.dataSource());
      Storage storageB = JdbcStorage.create(db.dataSource());
      ManualClock clockA = ManualClock.at(T0);
      ManualClock clockB = ManualClock.at(T0);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try (Engine a = engine(storageA, "a");
          Engine b = engine(storageB, "b");
          Scheduler schedulerA =
              Scheduler.builder(a)
                  .clock(clockA)
                  .ledger(JdbcStorage.scheduleLedger(storageA))
                  .build();
          Scheduler schedulerB =
              Scheduler.builder(b)
                  .clock(clockB)
                  .ledger(JdbcStorage.scheduleLedger(storageB))
                  .build()) {
        schedulerA.register(wf);
        schedulerB.register(wf);

        int started = 0;
        for (int round = 0; round < ROUNDS; round++) {
          clockA.advance(Duration.ofSeconds(10));
          clockB.advance(Duration.ofSeconds(10));
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Integer>> both = new ArrayList<>();
          for (Scheduler s : List.of(schedulerA, schedulerB)) {
            both.add(
                threads.submit(
                    () -> {
                      go.await();
                      return s.runDue();
                    }));
          }
          go.countDown();
          for (Future<Integer> f : both) {
            started += f.get();
          }
        }

        assertThat(started).isEqualTo(ROUNDS);
        assertThat(db.query("SELECT COUNT(*) FROM tyboo_execution WHERE workflow_name = 'shared'"))
            .isEqualTo(ROUNDS);
        assertThat(
                db.query(
                    "SELECT COUNT(DISTINCT input_json) FROM tyboo_execution"
                        + " WHERE workflow_name = 'shared'"))
            .isEqualTo(ROUNDS);
        assertThat(JdbcStorage.scheduleLedger(storageA).lastFire("shared/tick"))
            .contains(Instant.parse("2026-11-26T10:02:00Z"));
      } finally {
        threads.shutdownNow();
      }
    }
  }
}

package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.StorageException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.store.BatchedWrites;
import dev.tyboo.spi.store.CombinedWrites;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CombinedWrites} of the JDBC store: the same outcome as the separate store and queue calls
 * they stand for, on every database (PostgreSQL makes each one statement and is the only one the
 * engine uses them on); a refused end writes nothing.
 */
class CombinedWritesTest {

  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  private static ExecutionRecord execution(String id) {
    return ExecutionRecord.newExecution(ExecutionId.of(id), "orders", 1, "[]", null, null, T0);
  }

  private static NodeRunRecord run(String execution, String node) {
    return new NodeRunRecord(
        ExecutionId.of(execution),
        node,
        0,
        NodeRunStatus.SUCCEEDED,
        1,
        T0,
        T0,
        "{\"main\":[]}",
        null,
        null,
        null,
        null);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void an_execution_is_created_with_its_work_and_ended_with_its_last_checkpoints(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      Storage storage = JdbcStorage.create(db.dataSource());
      CombinedWrites combined = (CombinedWrites) storage.executions();
      assertThat(combined.combinesWith(storage.queue()))
          .as("the engine uses them on PostgreSQL only")
          .isEqualTo(dialect == Dialect.POSTGRESQL);

      ExecutionRecord created = combined.createQueued(execution("e1"));
      assertThat(storage.executions().find(created.id())).contains(created);
      assertThatThrownBy(() -> combined.createQueued(execution("e1")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("already exists");
      Lease lease = storage.queue().claim("w1", LEASE).orElseThrow();
      assertThat(lease.executionId()).isEqualTo(created.id());
      assertThat(storage.queue().claim("w1", LEASE)).as("one work item, not two").isEmpty();

      ExecutionRecord running =
          BatchedWrites.beginOn(storage.executions(), created.id(), lease.fencingToken(), T0, true)
              .record();
      storage.executions().checkpoint(run("e1", "a"), lease.fencingToken());
      ExecutionRecord ended =
          combined.end(
              List.of(run("e1", "b"), run("e1", "c")),
              running.withStatus(ExecutionStatus.SUCCEEDED, T0.plusSeconds(1), null),
              lease);

      assertThat(ended.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(ended.revision()).isEqualTo(running.revision() + 1);
      assertThat(storage.executions().find(created.id())).contains(ended);
      assertThat(storage.executions().nodeRuns(created.id()))
          .extracting(NodeRunRecord::nodeId)
          .containsExactly("a", "b", "c");
      assertThatThrownBy(() -> storage.queue().complete(lease))
          .as("the work item went with the end")
          .isInstanceOf(StaleLeaseException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_refused_end_writes_nothing(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      Storage storage = JdbcStorage.create(db.dataSource());
      CombinedWrites combined = (CombinedWrites) storage.executions();
      ExecutionRecord created = combined.createQueued(execution("e2"));
      Lease lease = storage.queue().claim("w1", LEASE).orElseThrow();
      ExecutionRecord running =
          BatchedWrites.beginOn(storage.executions(), created.id(), lease.fencingToken(), T0, true)
              .record();

      assertThatThrownBy(
              () ->
                  combined.end(
                      List.of(run("e2", "a")),
                      created.withStatus(ExecutionStatus.SUCCEEDED, T0, null),
                      lease))
          .as("based on an old revision")
          .isInstanceOf(ConcurrentUpdateException.class);
      storage.executions().fence(created.id(), lease.fencingToken() + 1_000); // taken over
      assertThatThrownBy(
              () ->
                  combined.end(
                      List.of(run("e2", "a")),
                      running.withStatus(ExecutionStatus.SUCCEEDED, T0, null),
                      lease))
          .isInstanceOf(StaleLeaseException.class);

      assertThat(storage.executions().find(created.id())).contains(running);
      assertThat(storage.executions().nodeRuns(created.id())).isEmpty();
      storage.queue().complete(lease); // the work item is still there, held by this lease
    }
  }
}

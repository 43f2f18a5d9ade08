package dev.tyboo.testkit.spi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.StorageException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.spi.store.BatchedWrites;
import dev.tyboo.spi.store.BegunExecution;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.FencedCheckpoint;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.NodeStore;
import dev.tyboo.spi.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExecutionStore} must do. Implementations' tests extend this class. A store may
 * normalize the JSON it keeps (whitespace, key order: PostgreSQL's {@code jsonb} does), so node
 * runs are compared with their JSON parsed.
 */
public abstract class ExecutionStoreContract {

  /** For subclasses, which supply the implementation under test. */
  protected ExecutionStoreContract() {}

  /** The start of test time. */
  protected static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  /** {@return a fresh, empty store} */
  protected abstract ExecutionStore createStore();

  private static ExecutionId id(int n) {
    return ExecutionId.of("exec-" + n);
  }

  private static ExecutionRecord execution(int n, String workflow, Instant createdAt) {
    return ExecutionRecord.newExecution(
        id(n), workflow, 1, "[{\"json\":{\"n\":" + n + "}}]", null, null, createdAt);
  }

  private static NodeRunRecord run(int n, String node, NodeRunStatus status, String outputs) {
    return new NodeRunRecord(id(n), node, 0, status, 1, T0, T0, outputs, null, null, null, null);
  }

  private static NodeRunRecord waiting(int n, String node, String token) {
    return new NodeRunRecord(
        id(n), node, 0, NodeRunStatus.WAITING, 1, T0, null, "[]", null, null, token, T0);
  }

  private static final ObjectMapper JSON = JsonMappers.standard();

  /** The run with its outputs JSON re-serialized compactly, keys sorted. */
  private static NodeRunRecord normalized(NodeRunRecord r) {
    if (r.outputsJson() == null) {
      return r;
    }
    try {
      Object tree = JSON.readValue(r.outputsJson(), Object.class);
      String compact =
          JSON.copy()
              .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
              .writeValueAsString(tree);
      return new NodeRunRecord(
          r.executionId(),
          r.nodeId(),
          r.runIndex(),
          r.status(),
          r.attempts(),
          r.startedAt(),
          r.finishedAt(),
          compact,
          r.outputsRef(),
          r.errorJson(),
          r.resumeToken(),
          r.resumeAt());
    } catch (JsonProcessingException e) {
      throw new AssertionError("stored outputs are not JSON: " + r.outputsJson(), e);
    }
  }

  private static List<NodeRunRecord> normalized(List<NodeRunRecord> runs) {
    return runs.stream().map(ExecutionStoreContract::normalized).toList();
  }

  @Test
  void should_create_find_and_update_with_revisions() {
    ExecutionStore store = createStore();
    ExecutionRecord created = store.create(execution(1, "orders", T0));

    assertThat(created.revision()).isEqualTo(1);
    assertThat(store.find(id(1))).contains(created);
    ExecutionRecord running =
        store.update(created.withStatus(ExecutionStatus.RUNNING, T0.plusSeconds(1), null));
    assertThat(running.revision()).isEqualTo(2);
    assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
    ExecutionRecord failed =
        store.update(
            running.withStatus(ExecutionStatus.FAILED, T0.plusSeconds(2), "{\"message\":\"x\"}"));
    assertThat(failed.finishedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(store.find(id(1)).orElseThrow().errorJson()).contains("message");
  }

  @Test
  void should_refuse_stale_updates_duplicates_and_unknown_ids_without_writing() {
    ExecutionStore store = createStore();
    ExecutionRecord created = store.create(execution(1, "orders", T0));
    store.update(created.withStatus(ExecutionStatus.RUNNING, T0, null));

    assertThatThrownBy(() -> store.update(created.withStatus(ExecutionStatus.CANCELLED, T0, null)))
        .isInstanceOf(ConcurrentUpdateException.class)
        .hasMessageContaining("exec-1")
        .hasMessageContaining("revision 1");
    assertThat(store.find(id(1)).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThatThrownBy(() -> store.create(execution(1, "orders", T0)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> store.update(execution(9, "orders", T0)))
        .isInstanceOf(ExecutionNotFoundException.class)
        .hasMessageContaining("exec-9");
    assertThat(store.find(id(9))).isEmpty();
  }

  @Test
  void should_keep_one_checkpoint_per_node_run_in_first_recorded_order() {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    store.fence(id(1), 5);

    store.checkpoint(run(1, "fetch", NodeRunStatus.RUNNING, null), 5);
    store.checkpoint(run(1, "parse", NodeRunStatus.SUCCEEDED, "{\"main\":[]}"), 5);
    store.checkpoint(run(1, "fetch", NodeRunStatus.SUCCEEDED, "{\"main\":[{\"json\":{}}]}"), 5);

    assertThat(store.nodeRuns(id(1)))
        .extracting(NodeRunRecord::nodeId)
        .containsExactly("fetch", "parse");
    assertThat(store.nodeRuns(id(1)).get(0).status()).isEqualTo(NodeRunStatus.SUCCEEDED);
    assertThat(store.nodeRuns(id(2))).isEmpty();
  }

  @Test
  void fencing_returns_the_record_as_stored() {
    ExecutionStore store = createStore();
    ExecutionRecord created = store.create(execution(1, "orders", T0));

    assertThat(store.fence(id(1), 4)).isEqualTo(created);
    assertThat(store.fence(id(1), 4)).as("the same holder again").isEqualTo(created);
    assertThatThrownBy(() -> store.fence(id(9), 1)).isInstanceOf(ExecutionNotFoundException.class);
  }

  @Test
  void a_fenced_update_is_refused_to_a_superseded_holder_and_changes_nothing() {
    ExecutionStore store = createStore();
    ExecutionRecord created = store.create(execution(1, "orders", T0));
    store.fence(id(1), 3);
    ExecutionRecord running =
        store.updateFenced(created.withStatus(ExecutionStatus.RUNNING, T0, null), 3);
    assertThat(store.find(id(1))).contains(running);
    assertThat(running.revision()).isEqualTo(created.revision() + 1);

    store.fence(id(1), 7); // another worker took over
    assertThatThrownBy(
            () ->
                store.updateFenced(
                    running.withStatus(ExecutionStatus.SUCCEEDED, T0.plusSeconds(1), null), 3))
        .isInstanceOf(StaleLeaseException.class);
    assertThat(store.find(id(1))).contains(running);
    assertThatThrownBy(
            () ->
                store.updateFenced(
                    created.withStatus(ExecutionStatus.SUCCEEDED, T0.plusSeconds(1), null), 7))
        .as("based on an old revision")
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(
            store
                .updateFenced(
                    running.withStatus(ExecutionStatus.SUCCEEDED, T0.plusSeconds(1), null), 7)
                .status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void should_refuse_checkpoints_from_a_superseded_lease_holder() {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    store.fence(id(1), 3);
    store.checkpoint(run(1, "a", NodeRunStatus.SUCCEEDED, "{}"), 3);

    store.fence(id(1), 7); // another worker took over after the first one's lease expired

    assertThatThrownBy(() -> store.checkpoint(run(1, "b", NodeRunStatus.SUCCEEDED, "{}"), 3))
        .isInstanceOf(StaleLeaseException.class)
        .hasMessageContaining("3")
        .hasMessageContaining("7");
    assertThatThrownBy(() -> store.fence(id(1), 6)).isInstanceOf(StaleLeaseException.class);
    assertThat(store.nodeRuns(id(1))).extracting(NodeRunRecord::nodeId).containsExactly("a");
    store.checkpoint(run(1, "b", NodeRunStatus.SUCCEEDED, "{}"), 7);
    assertThat(store.nodeRuns(id(1))).hasSize(2);
    assertThatThrownBy(() -> store.checkpoint(run(9, "a", NodeRunStatus.SUCCEEDED, "{}"), 1))
        .isInstanceOf(ExecutionNotFoundException.class);
  }

  @Test
  void beginning_a_claim_fences_marks_running_and_reads_the_node_runs() {
    ExecutionStore store = createStore();
    ExecutionRecord created = store.create(execution(1, "orders", T0));
    store.create(execution(2, "orders", T0));

    BegunExecution fresh = BatchedWrites.beginOn(store, id(1), 3, T0.plusSeconds(1), true);
    assertThat(fresh.record())
        .isEqualTo(
            created
                .withStatus(ExecutionStatus.RUNNING, T0.plusSeconds(1), null)
                .withRevision(created.revision() + 1));
    assertThat(fresh.nodeRuns()).isEmpty();
    assertThat(store.find(id(1))).contains(fresh.record());
    store.checkpoint(run(1, "a", NodeRunStatus.SUCCEEDED, "{}"), 3);

    BegunExecution again =
        BatchedWrites.beginOn(store, id(1), 5, T0.plusSeconds(2), true); // after a crash
    assertThat(again.record().status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(again.record().revision()).isEqualTo(fresh.record().revision() + 1);
    assertThat(again.nodeRuns()).extracting(NodeRunRecord::nodeId).containsExactly("a");
    assertThatThrownBy(() -> store.checkpoint(run(1, "b", NodeRunStatus.SUCCEEDED, "{}"), 3))
        .as("the first holder is fenced off")
        .isInstanceOf(StaleLeaseException.class);
    assertThatThrownBy(() -> BatchedWrites.beginOn(store, id(1), 4, T0, true))
        .isInstanceOf(StaleLeaseException.class);
    assertThat(store.find(id(1))).contains(again.record());

    BegunExecution held = BatchedWrites.beginOn(store, id(2), 6, T0.plusSeconds(3), false);
    assertThat(held.record().status()).as("not asked to mark it").isEqualTo(ExecutionStatus.QUEUED);
    assertThatThrownBy(() -> BatchedWrites.beginOn(store, id(9), 1, T0, true))
        .isInstanceOf(ExecutionNotFoundException.class);
  }

  @Test
  void beginning_a_claim_keeps_a_final_status() {
    ExecutionStore store = createStore();
    ExecutionRecord created = store.create(execution(1, "orders", T0));
    ExecutionRecord cancelled =
        store.update(created.withStatus(ExecutionStatus.CANCELLED, T0.plusSeconds(1), null));

    BegunExecution begun = BatchedWrites.beginOn(store, id(1), 2, T0.plusSeconds(2), true);

    assertThat(begun.record()).isEqualTo(cancelled);
    assertThat(store.find(id(1))).contains(cancelled);
  }

  @Test
  void a_group_of_checkpoints_refuses_only_its_stale_and_orphan_entries() {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    store.create(execution(2, "orders", T0));
    store.fence(id(1), 3);
    store.fence(id(2), 4);
    store.fence(id(2), 8); // another worker took execution 2 over

    java.util.BitSet refused =
        BatchedWrites.checkpointAllOn(
            store,
            List.of(
                new FencedCheckpoint(run(1, "a", NodeRunStatus.SUCCEEDED, "{\"x\":1}"), 3),
                new FencedCheckpoint(run(2, "a", NodeRunStatus.SUCCEEDED, "{}"), 4),
                new FencedCheckpoint(run(9, "a", NodeRunStatus.SUCCEEDED, "{}"), 4),
                new FencedCheckpoint(run(1, "b", NodeRunStatus.FAILED, "{}"), 3),
                new FencedCheckpoint(run(1, "a", NodeRunStatus.SUCCEEDED, "{\"x\":2}"), 3)));

    assertThat(refused.stream().boxed().toList()).containsExactly(1, 2);
    assertThat(store.nodeRuns(id(1)))
        .extracting(NodeRunRecord::nodeId, NodeRunRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", NodeRunStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("b", NodeRunStatus.FAILED));
    assertThat(normalized(store.nodeRuns(id(1)).get(0)).outputsJson())
        .as("the later entry of the same node run wins")
        .isEqualTo("{\"x\":2}");
    assertThat(store.nodeRuns(id(2))).isEmpty();
    assertThat(BatchedWrites.checkpointAllOn(store, List.of()).isEmpty()).isTrue();
  }

  @Test
  void should_query_by_status_workflow_parent_and_time_newest_first_with_paging() {
    ExecutionStore store = createStore();
    for (int i = 0; i < 25; i++) {
      ExecutionRecord r =
          store.create(execution(i, i % 2 == 0 ? "orders" : "invoices", T0.plusSeconds(i)));
      if (i % 5 == 0) {
        store.update(r.withStatus(ExecutionStatus.FAILED, T0.plusSeconds(i), "{}"));
      }
    }
    ExecutionRecord child =
        store.create(
            ExecutionRecord.newExecution(
                ExecutionId.of("child"), "sub", 1, "[]", id(3), "call", T0.plusSeconds(100)));

    Page<ExecutionRecord> orders =
        store.query(ExecutionQuery.builder().workflow("orders").page(0, 5).build());
    assertThat(orders.total()).isEqualTo(13);
    assertThat(orders.items())
        .extracting(r -> r.id().value())
        .containsExactly("exec-24", "exec-22", "exec-20", "exec-18", "exec-16");
    assertThat(orders.hasMore()).isTrue();
    Page<ExecutionRecord> last =
        store.query(ExecutionQuery.builder().workflow("orders").page(10, 5).build());
    assertThat(last.items())
        .extracting(r -> r.id().value())
        .containsExactly("exec-4", "exec-2", "exec-0");
    assertThat(last.hasMore()).isFalse();

    Page<ExecutionRecord> deadLetters =
        store.query(ExecutionQuery.builder().status(ExecutionStatus.FAILED).build());
    assertThat(deadLetters.items())
        .extracting(r -> r.id().value())
        .containsExactly("exec-20", "exec-15", "exec-10", "exec-5", "exec-0");
    assertThat(
            store
                .query(
                    ExecutionQuery.builder()
                        .createdBetween(T0.plusSeconds(10), T0.plusSeconds(12))
                        .build())
                .items())
        .extracting(r -> r.id().value())
        .containsExactly("exec-11", "exec-10");
    assertThat(store.query(ExecutionQuery.builder().parent(id(3)).build()).items())
        .containsExactly(child);
    assertThatThrownBy(() -> ExecutionQuery.builder().page(0, 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void should_apply_retention_by_age_and_by_count_to_ended_executions_only() {
    ExecutionStore store = createStore();
    for (int i = 0; i < 6; i++) {
      ExecutionRecord r = store.create(execution(i, "orders", T0.plusSeconds(i)));
      store.checkpoint(run(i, "a", NodeRunStatus.SUCCEEDED, "{}"), 0);
      if (i < 5) {
        store.update(r.withStatus(ExecutionStatus.SUCCEEDED, T0.plus(Duration.ofDays(i)), null));
      }
    }
    store.create(execution(9, "invoices", T0));

    assertThat(store.deleteFinishedBefore(T0.plus(Duration.ofDays(2)), "orders"))
        .isEqualTo(2); // exec-0, exec-1
    assertThat(store.find(id(0))).isEmpty();
    assertThat(store.nodeRuns(id(0))).isEmpty();
    assertThat(store.deleteAllButNewest("orders", 1))
        .isEqualTo(2); // keeps exec-4, deletes exec-2 and exec-3
    assertThat(store.query(ExecutionQuery.builder().workflow("orders").build()).items())
        .extracting(r -> r.id().value())
        .containsExactly("exec-5", "exec-4"); // exec-5 still runs
    assertThat(store.find(id(9))).isPresent();
    assertThat(store.delete(id(9))).isTrue();
    assertThat(store.delete(id(9))).isFalse();
  }

  @Test
  void should_tag_executions_with_data_subjects_and_forget_the_tags_of_deleted_executions() {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    store.create(execution(2, "orders", T0));
    store.create(execution(3, "orders", T0));
    String email = "ana.lima+orders@example.com";

    store.tagSubject(id(1), email);
    store.tagSubject(id(1), email); // twice is harmless
    store.tagSubject(id(2), email);
    store.tagSubject(id(2), "customer-7");

    assertThat(store.subjectExecutions(email)).containsExactlyInAnyOrder(id(1), id(2));
    assertThat(store.subjectExecutions("customer-7")).containsExactly(id(2));
    assertThat(store.subjectExecutions("nobody")).isEmpty();

    store.delete(id(2));
    assertThat(store.subjectExecutions(email)).containsExactly(id(1));
    assertThat(store.subjectExecutions("customer-7")).isEmpty();
    store.update(store.find(id(1)).orElseThrow().withStatus(ExecutionStatus.SUCCEEDED, T0, null));
    store.deleteFinishedBefore(T0.plusSeconds(1), null);
    assertThat(store.subjectExecutions(email)).isEmpty();
  }

  @Test
  void should_refuse_subject_tags_on_unknown_executions_and_malformed_ids() {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));

    assertThatThrownBy(() -> store.tagSubject(id(9), "customer-7"))
        .isInstanceOf(ExecutionNotFoundException.class);
    assertThatThrownBy(() -> store.tagSubject(id(1), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data-subject id");
    assertThatThrownBy(() -> store.tagSubject(id(1), "x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
    store.tagSubject(id(1), "x".repeat(255));
    assertThat(store.subjectExecutions("x".repeat(255))).containsExactly(id(1));
  }

  @Test
  void should_lose_no_update_under_concurrent_read_modify_write() throws Exception {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  int conflicts = 0;
                  for (int done = 0; done < 250; ) {
                    ExecutionRecord current = store.find(id(1)).orElseThrow();
                    try {
                      store.update(current.withStatus(ExecutionStatus.RUNNING, T0, null));
                      done++;
                    } catch (ConcurrentUpdateException retry) {
                      conflicts++;
                    }
                  }
                  return conflicts;
                }));
      }
      for (Future<Integer> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.find(id(1)).orElseThrow().revision()).isEqualTo(1 + 4 * 250);
  }

  @Test
  void should_end_a_wait_once_and_only_while_the_node_waits() {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    store.fence(id(1), 5);
    store.checkpoint(waiting(1, "approve", "tok"), 5);
    NodeRunRecord resumed = run(1, "approve", NodeRunStatus.SUCCEEDED, "{\"main\":[]}");
    NodeRunRecord timedOut = run(1, "approve", NodeRunStatus.SUCCEEDED, "{\"main\":[{}]}");

    assertThat(store.resolveWait(resumed)).isTrue();
    assertThat(store.resolveWait(timedOut)).isFalse();
    assertThat(normalized(store.nodeRuns(id(1)))).containsExactly(normalized(resumed));
    assertThat(store.resolveWait(run(1, "other", NodeRunStatus.SUCCEEDED, null))).isFalse();
    assertThat(normalized(store.nodeRuns(id(1)))).containsExactly(normalized(resumed));
    assertThatThrownBy(() -> store.resolveWait(run(9, "approve", NodeRunStatus.SUCCEEDED, null)))
        .isInstanceOf(ExecutionNotFoundException.class)
        .hasMessageContaining("exec-9");
  }

  @Test
  void should_let_exactly_one_of_racing_wait_resolutions_win() throws Exception {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    store.checkpoint(waiting(1, "approve", "tok"), 1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> wins = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String outputs = "{\"main\":[{\"json\":{\"t\":" + t + "}}]}";
        wins.add(
            pool.submit(
                () -> store.resolveWait(run(1, "approve", NodeRunStatus.SUCCEEDED, outputs))));
      }
      int won = 0;
      for (Future<Boolean> f : wins) {
        won += f.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void should_accept_unfenced_writes_without_moving_the_fence() {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    store.fence(id(1), 7);
    store.checkpoint(run(1, "a", NodeRunStatus.PENDING, null), ExecutionStore.UNFENCED);
    store.checkpoint(run(1, "a", NodeRunStatus.SUCCEEDED, "{}"), 7);

    assertThat(store.nodeRuns(id(1)))
        .extracting(NodeRunRecord::status)
        .containsExactly(NodeRunStatus.SUCCEEDED);
    assertThatThrownBy(() -> store.checkpoint(run(1, "b", NodeRunStatus.SUCCEEDED, "{}"), 6))
        .as("the fence is still 7")
        .isInstanceOf(StaleLeaseException.class);
  }

  @Test
  void should_keep_the_first_value_recorded_for_a_step_per_node() {
    ExecutionStore executions = createStore();
    assumeTrue(executions instanceof NodeStore, "the store keeps no node steps");
    NodeStore store = (NodeStore) executions;
    executions.create(execution(1, "orders", T0));
    executions.create(execution(2, "orders", T0));

    assertThat(store.steps(id(1), "agent")).isEmpty();
    assertThat(store.recordStep(id(1), "agent", "model/0", "{\"text\":\"first\"}"))
        .isEqualTo("{\"text\":\"first\"}");
    assertThat(store.recordStep(id(1), "agent", "model/0", "{\"text\":\"second\"}"))
        .as("the first value wins")
        .isEqualTo("{\"text\":\"first\"}");
    store.recordStep(id(1), "agent", "tool/0/call_1", "\"42\"");
    store.recordStep(id(1), "other", "model/0", "1");
    store.recordStep(id(2), "agent", "model/0", "2");

    assertThat(store.steps(id(1), "agent"))
        .containsOnly(
            Map.entry("model/0", "{\"text\":\"first\"}"), Map.entry("tool/0/call_1", "\"42\""));
    assertThat(store.steps(id(1), "other")).containsOnly(Map.entry("model/0", "1"));
    assertThat(store.steps(id(2), "agent")).containsOnly(Map.entry("model/0", "2"));
    assertThatThrownBy(() -> store.recordStep(id(9), "agent", "model/0", "1"))
        .isInstanceOf(ExecutionNotFoundException.class);
    assertThatThrownBy(() -> store.recordStep(id(1), "agent", " ", "1"))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(executions.delete(id(1))).isTrue();
    assertThat(store.steps(id(1), "agent")).as("deleted with the execution").isEmpty();
    assertThat(store.steps(id(2), "agent")).hasSize(1);
  }

  @Test
  void should_let_one_of_racing_step_records_win_for_every_caller() throws Exception {
    ExecutionStore executions = createStore();
    assumeTrue(executions instanceof NodeStore, "the store keeps no node steps");
    NodeStore store = (NodeStore) executions;
    executions.create(execution(1, "orders", T0));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String value = "{\"t\":" + t + "}";
        answers.add(pool.submit(() -> store.recordStep(id(1), "agent", "tool/0/a", value)));
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Future<String> f : answers) {
        seen.add(f.get());
      }
      assertThat(seen).hasSize(1).containsExactly(store.steps(id(1), "agent").get("tool/0/a"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void should_turn_a_wait_back_into_a_running_node_run() {
    ExecutionStore store = createStore();
    store.create(execution(1, "orders", T0));
    store.checkpoint(waiting(1, "agent", "tok"), 1);
    NodeRunRecord running =
        new NodeRunRecord(
            id(1), "agent", 0, NodeRunStatus.RUNNING, 1, T0, null, null, null, null, null, null);

    assertThat(store.resolveWait(running)).isTrue();
    assertThat(store.nodeRuns(id(1)))
        .extracting(NodeRunRecord::status, NodeRunRecord::resumeToken)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(NodeRunStatus.RUNNING, null));
    assertThat(store.resolveWait(running)).as("no longer waiting").isFalse();
  }

  @Test
  void should_keep_memories_per_scope_and_key_in_order_each_entry_once() {
    ExecutionStore executions = createStore();
    assumeTrue(executions instanceof NodeStore, "the store keeps no node memories");
    NodeStore store = (NodeStore) executions;
    executions.create(execution(1, "chat", T0));
    executions.create(execution(2, "chat", T0));

    assertThat(store.memory("", "conv-1", 10)).isEmpty();
    store.appendMemory("", "conv-1", id(1), "agent", 0, List.of("\"q1\"", "\"a1\""));
    store.appendMemory("", "conv-1", id(1), "agent", 0, List.of("\"q1\"", "\"a1\""));
    store.appendMemory("", "conv-1", id(2), "agent", 0, List.of("\"q2\"", "\"a2\""));
    store.appendMemory("acme", "conv-1", id(2), "agent", 2, List.of("\"other tenant\""));
    store.appendMemory("", "conv-2", id(2), "agent", 3, List.of("\"other key\""));

    assertThat(store.memory("", "conv-1", 10))
        .extracting(dev.tyboo.spi.store.MemoryEntry::valueJson)
        .as("oldest first, a repeated append written once")
        .containsExactly("\"q1\"", "\"a1\"", "\"q2\"", "\"a2\"");
    assertThat(store.memory("", "conv-1", 3))
        .extracting(dev.tyboo.spi.store.MemoryEntry::valueJson)
        .containsExactly("\"a1\"", "\"q2\"", "\"a2\"");
    assertThat(store.memory("acme", "conv-1", 10)).hasSize(1);
    assertThatThrownBy(() -> store.appendMemory("", "conv-1", id(9), "agent", 0, List.of("1")))
        .isInstanceOf(ExecutionNotFoundException.class);
    assertThatThrownBy(() -> store.memory("", " ", 10))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.memoryWrittenBy(id(2)))
        .as("for a data subject's export")
        .containsOnlyKeys("conv-1", "conv-2");
    assertThat(store.memoryWrittenBy(id(2)).get("conv-1"))
        .extracting(dev.tyboo.spi.store.MemoryEntry::valueJson)
        .containsExactly("\"q2\"", "\"a2\"", "\"other tenant\"");
    assertThat(executions.delete(id(1))).isTrue();
    assertThat(store.memory("", "conv-1", 10))
        .as("an execution's entries go with it")
        .extracting(dev.tyboo.spi.store.MemoryEntry::valueJson)
        .containsExactly("\"q2\"", "\"a2\"");
    assertThat(store.forgetMemory("", "conv-1")).isEqualTo(2);
    assertThat(store.memory("", "conv-1", 10)).isEmpty();
    assertThat(store.memory("", "conv-2", 10)).hasSize(1);
  }
}

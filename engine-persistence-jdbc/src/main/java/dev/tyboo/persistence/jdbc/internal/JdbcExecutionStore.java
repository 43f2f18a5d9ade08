package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.BatchedWrites;
import dev.tyboo.spi.store.BegunExecution;
import dev.tyboo.spi.store.CombinedWrites;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.FencedCheckpoint;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.NodeStore;
import dev.tyboo.spi.store.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Executions in {@code tyboo_execution} and their checkpoints in {@code tyboo_node_run}. Updates
 * compare the revision column; checkpoints compare the fence column under a lock on the execution
 * row, so a superseded worker can write nothing once {@link #fence} returned for a newer one. On
 * PostgreSQL a checkpoint is one statement.
 */
public final class JdbcExecutionStore
    implements ExecutionStore, NodeStore, BatchedWrites, CombinedWrites {

  private static final String FINAL_STATUSES = "('SUCCEEDED', 'FAILED', 'CANCELLED')";

  private final Jdbc jdbc;
  private final boolean postgres;
  private final JdbcWorkQueue queue; // of the same database, or null

  /**
   * Creates the store, without {@link CombinedWrites}.
   *
   * @param jdbc the connections
   */
  public JdbcExecutionStore(Jdbc jdbc) {
    this(jdbc, null);
  }

  /**
   * Creates the store, with {@link CombinedWrites} that reach a queue on the same database.
   *
   * @param jdbc the connections
   * @param queue the work queue on {@code jdbc}'s database, or {@code null}
   */
  public JdbcExecutionStore(Jdbc jdbc, JdbcWorkQueue queue) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.postgres = jdbc.database() == Database.POSTGRESQL;
    this.queue = queue;
  }

  // ---------------------------------------------------------------- executions

  @Override
  public ExecutionRecord create(ExecutionRecord record) {
    Objects.requireNonNull(record, "record");
    ExecutionRecord stored = record.withRevision(1);
    return jdbc.autoCommit(
        "creating execution " + record.id(),
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tyboo_execution ("
                      + ExecutionSql.EXECUTION_COLUMNS
                      + ", fence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ExecutionSql.bindExecution(ps, stored);
            ps.setLong(13, Long.MIN_VALUE);
            ps.executeUpdate();
            return stored;
          } catch (SQLException e) {
            return ExecutionSql.createdBefore(c, stored, attempt, e);
          }
        });
  }

  @Override
  public Optional<ExecutionRecord> find(ExecutionId id) {
    Objects.requireNonNull(id, "id");
    return jdbc.autoCommit("reading execution " + id, (c, attempt) -> ExecutionSql.find(c, id));
  }

  @Override
  public ExecutionRecord update(ExecutionRecord record) {
    Objects.requireNonNull(record, "record");
    ExecutionRecord next = record.withRevision(record.revision() + 1);
    return jdbc.autoCommit(
        "updating execution " + record.id(),
        (c, attempt) -> {
          try (PreparedStatement ps = c.prepareStatement(ExecutionSql.UPDATE_BY_REVISION)) {
            ExecutionSql.bindUpdate(ps, record, next);
            if (ps.executeUpdate() == 1) {
              return next;
            }
          }
          return ExecutionSql.unchanged(c, record, next, attempt);
        });
  }

  // ---------------------------------------------------------------- an execution's edges

  /** Only on PostgreSQL, which makes each of them one statement; elsewhere the engine composes. */
  @Override
  public boolean combinesWith(WorkQueue other) {
    return postgres && queue != null && other == queue;
  }

  /** PostgreSQL: the execution, its work item and the wake-up in one statement. */
  @Override
  public ExecutionRecord createQueued(ExecutionRecord record) {
    Objects.requireNonNull(record, "record");
    JdbcWorkQueue q = requireQueue();
    if (!postgres) {
      return jdbc.inTransaction(
          () -> {
            ExecutionRecord stored = create(record);
            q.enqueue(record.id(), null);
            return stored;
          });
    }
    ExecutionRecord stored = record.withRevision(1);
    boolean wake = q.notifies();
    String sql =
        "WITH e AS (INSERT INTO tyboo_execution ("
            + ExecutionSql.EXECUTION_COLUMNS
            + ", fence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id),"
            + " w AS (INSERT INTO tyboo_work (execution_id, ready_at, deliveries)"
            + " SELECT id, ?, 0 FROM e RETURNING id) SELECT w.id FROM w"
            + (wake ? " CROSS JOIN (SELECT pg_notify('" + JdbcWorkQueue.CHANNEL + "', ?)) n" : "");
    return jdbc.autoCommit(
        "creating and queueing execution " + record.id(),
        (c, attempt) -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ExecutionSql.bindExecution(ps, stored);
            ps.setLong(13, Long.MIN_VALUE);
            ps.setLong(14, Micros.of(q.clock().now()));
            if (wake) {
              ps.setString(15, q.origin()); // its own listener skips it: its engine knows
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
            }
            return stored;
          } catch (SQLException e) {
            return ExecutionSql.createdBefore(c, stored, attempt, e);
          }
        });
  }

  /**
   * PostgreSQL: the fenced update of the record first; the last node runs and the release of the
   * work item only if it passed, all in one statement.
   */
  @Override
  public ExecutionRecord end(List<NodeRunRecord> last, ExecutionRecord record, Lease lease) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(lease, "lease");
    JdbcWorkQueue q = requireQueue();
    long token = lease.fencingToken();
    List<FencedCheckpoint> fenced = new ArrayList<>();
    for (NodeRunRecord r : last) {
      fenced.add(new FencedCheckpoint(r, token));
    }
    if (!postgres) {
      return jdbc.inTransaction(
          () -> {
            ExecutionRecord ended = updateFenced(record, token); // the fence is checked here
            checkpointAll(fenced); // under the row lock the update took: none refused
            try {
              q.complete(lease);
            } catch (StaleLeaseException e) {
              // claimed by another worker meanwhile: it finds the execution ended
            }
            return ended;
          });
    }
    ExecutionRecord next = record.withRevision(record.revision() + 1);
    List<FencedCheckpoint> rows = NodeRunSql.distinctRuns(fenced);
    String sql =
        "WITH x AS ("
            + ExecutionSql.UPDATE_BY_REVISION
            + " AND fence <= ? RETURNING id)"
            + (rows.isEmpty()
                ? ""
                : ", r AS ("
                    + NodeRunSql.upsertFrom(
                        rows.size(), " JOIN x ON x.id = v.execution_id ORDER BY v.ord")
                    + ")")
            + ", w AS (DELETE FROM tyboo_work WHERE id = ? AND token = ? AND owner IS NOT NULL"
            + " AND ready_at > ? AND EXISTS (SELECT 1 FROM x))"
            + " SELECT COUNT(*) FROM x";
    return jdbc.autoCommit(
        "ending execution " + record.id(),
        (c, attempt) -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ExecutionSql.bindUpdate(ps, record, next);
            ps.setLong(14, token);
            int p = NodeRunSql.bindRows(ps, 14, rows);
            ps.setLong(p + 1, JdbcWorkQueue.workId(lease));
            ps.setLong(p + 2, token);
            ps.setLong(p + 3, Micros.of(q.clock().now()));
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next() && rs.getLong(1) == 1) {
                return next;
              }
            }
          }
          long fence = ExecutionSql.currentFence(c, record.id(), false); // or not found
          if (fence > token) {
            throw ExecutionSql.stale(record.id(), fence, token);
          }
          return ExecutionSql.unchanged(c, record, next, attempt);
        });
  }

  private JdbcWorkQueue requireQueue() {
    if (queue == null) {
      throw new UnsupportedCapabilityException(
          "this JdbcExecutionStore was made without its work queue: no combined writes");
    }
    return queue;
  }

  // ---------------------------------------------------------------- fencing and checkpoints

  @Override
  public ExecutionRecord fence(ExecutionId id, long fencingToken) {
    Objects.requireNonNull(id, "id");
    return jdbc.autoCommit(
        "fencing execution " + id,
        (c, attempt) -> {
          // PostgreSQL returns the row with the write; the others read it on the same connection
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tyboo_execution SET fence = ? WHERE id = ? AND fence <= ?"
                      + (postgres ? " RETURNING " + ExecutionSql.EXECUTION_COLUMNS : ""))) {
            ps.setLong(1, fencingToken);
            ps.setString(2, id.value());
            ps.setLong(3, fencingToken);
            if (postgres) {
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  return ExecutionSql.execution(rs);
                }
              }
            } else if (ps.executeUpdate() == 1) {
              return ExecutionSql.find(c, id)
                  .orElseThrow(() -> new ExecutionNotFoundException(id.value()));
            }
          }
          throw ExecutionSql.stale(id, ExecutionSql.currentFence(c, id, false), fencingToken);
        });
  }

  /**
   * The fence, the move to {@code RUNNING} (a final status stays) and, on PostgreSQL, the read of
   * the record and whether it has node runs, in one statement; the node runs are read only when
   * there are any. Status is assigned last: MariaDB's later assignments see the earlier ones.
   */
  @Override
  public BegunExecution begin(ExecutionId id, long fencingToken, Instant now, boolean markRunning) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    if (!markRunning) {
      ExecutionRecord rec = fence(id, fencingToken);
      return new BegunExecution(rec, nodeRuns(id));
    }
    String unlessFinal = "CASE WHEN status IN " + FINAL_STATUSES + " THEN ";
    String sql =
        "UPDATE tyboo_execution SET fence = ?, updated_at = "
            + unlessFinal
            + "updated_at ELSE ? END, finished_at = "
            + unlessFinal
            + "finished_at ELSE NULL END, error_json = "
            + unlessFinal
            + "error_json ELSE NULL END, revision = "
            + unlessFinal
            + "revision ELSE revision + 1 END, status = "
            + unlessFinal
            + "status ELSE 'RUNNING' END WHERE id = ? AND fence <= ?"
            + (postgres
                ? " RETURNING "
                    + ExecutionSql.EXECUTION_COLUMNS
                    + ", EXISTS (SELECT 1 FROM tyboo_node_run r"
                    + " WHERE r.execution_id = tyboo_execution.id) AS has_runs"
                : "");
    Jdbc.Work<BegunExecution> work =
        (c, attempt) -> {
          ExecutionRecord rec = null;
          boolean hasRuns = true;
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fencingToken);
            Micros.set(ps, 2, now);
            ps.setString(3, id.value());
            ps.setLong(4, fencingToken);
            if (postgres) {
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  rec = ExecutionSql.execution(rs);
                  hasRuns = rs.getBoolean("has_runs");
                }
              }
            } else if (ps.executeUpdate() == 1) {
              rec =
                  ExecutionSql.find(c, id)
                      .orElseThrow(() -> new ExecutionNotFoundException(id.value()));
            }
          }
          if (rec == null) {
            throw ExecutionSql.stale(id, ExecutionSql.currentFence(c, id, false), fencingToken);
          }
          return new BegunExecution(rec, hasRuns ? NodeRunSql.nodeRuns(c, id) : List.of());
        };
    // PostgreSQL: one statement in autocommit (the node runs, when any, read after the fence
    // committed, as a worker reads them after fencing); the others in one transaction
    String what = "beginning a claim of execution " + id;
    return postgres ? jdbc.autoCommit(what, work) : jdbc.inTransaction(what, work);
  }

  /** The update and its fence check in one statement, on every database. */
  @Override
  public ExecutionRecord updateFenced(ExecutionRecord record, long fencingToken) {
    Objects.requireNonNull(record, "record");
    ExecutionRecord next = record.withRevision(record.revision() + 1);
    return jdbc.autoCommit(
        "updating execution " + record.id(),
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(ExecutionSql.UPDATE_BY_REVISION + " AND fence <= ?")) {
            ExecutionSql.bindUpdate(ps, record, next);
            ps.setLong(14, fencingToken);
            if (ps.executeUpdate() == 1) {
              return next;
            }
          }
          long fence = ExecutionSql.currentFence(c, record.id(), false); // or not found
          if (fence > fencingToken) {
            throw ExecutionSql.stale(record.id(), fence, fencingToken);
          }
          return ExecutionSql.unchanged(c, record, next, attempt);
        });
  }

  @Override
  public void checkpoint(NodeRunRecord run, long fencingToken) {
    Objects.requireNonNull(run, "run");
    String what = "checkpointing node '" + run.nodeId() + "' of execution " + run.executionId();
    if (postgres) {
      jdbc.autoCommit(
          what, (c, attempt) -> NodeRunSql.checkpointInOneStatement(c, run, fencingToken));
    } else {
      jdbc.inTransaction(what, (c, attempt) -> NodeRunSql.checkpointLocked(c, run, fencingToken));
    }
  }

  /**
   * One commit for the whole group. On PostgreSQL one statement writes every entry whose token
   * passes its execution's fence (a multi-row upsert joined to the fences, returning what it
   * wrote), in autocommit: one round trip. H2 and MariaDB lock, check and write entry by entry in
   * one transaction, executions in id order so that concurrent groups lock rows in one order.
   */
  @Override
  public BitSet checkpointAll(List<FencedCheckpoint> checkpoints) {
    Objects.requireNonNull(checkpoints, "checkpoints");
    BitSet refused = new BitSet();
    if (checkpoints.isEmpty()) {
      return refused;
    }
    if (checkpoints.size() == 1) {
      return BatchedWrites.checkpointEach(this, checkpoints); // the single-checkpoint path
    }
    String what = "checkpointing " + checkpoints.size() + " node runs";
    if (postgres) {
      return jdbc.autoCommit(what, (c, attempt) -> NodeRunSql.upsertAllIfFenced(c, checkpoints));
    }
    Integer[] order = new Integer[checkpoints.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort( // stable: one execution's entries keep their order
        order, Comparator.comparing((Integer i) -> checkpoints.get(i).run().executionId().value()));
    return jdbc.inTransaction(
        what,
        (c, attempt) -> {
          refused.clear();
          for (int i : order) {
            FencedCheckpoint f = checkpoints.get(i);
            try {
              NodeRunSql.checkpointLocked(c, f.run(), f.fencingToken());
            } catch (StaleLeaseException | ExecutionNotFoundException e) {
              refused.set(i);
            }
          }
          return (BitSet) refused.clone();
        });
  }

  @Override
  public boolean resolveWait(NodeRunRecord finished) {
    Objects.requireNonNull(finished, "finished");
    if (finished.status() == NodeRunStatus.WAITING) {
      throw new IllegalArgumentException("resolveWait needs a record that is not WAITING");
    }
    return jdbc.autoCommit(
        "ending the wait of node '"
            + finished.nodeId()
            + "' in execution "
            + finished.executionId(),
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tyboo_node_run SET status = ?, attempts = ?, started_at = ?,"
                      + " finished_at = ?, outputs_json = "
                      + (postgres ? "CAST(? AS jsonb)" : "?")
                      + ", outputs_ref = ?, error_json = ?, resume_token = ?, resume_at = ?"
                      + " WHERE execution_id = ? AND node_id = ? AND run_index = ?"
                      + " AND status = 'WAITING'")) {
            NodeRunSql.bindRunUpdate(ps, finished);
            if (ps.executeUpdate() == 1) {
              return true;
            }
          }
          ExecutionSql.currentFence(c, finished.executionId(), false); // not found -> typed error
          return false;
        });
  }

  @Override
  public List<NodeRunRecord> nodeRuns(ExecutionId id) {
    Objects.requireNonNull(id, "id");
    return jdbc.autoCommit(
        "reading the checkpoints of execution " + id, (c, attempt) -> NodeRunSql.nodeRuns(c, id));
  }

  // ---------------------------------------------------------------- queries and retention

  @Override
  public Page<ExecutionRecord> query(ExecutionQuery query) {
    Objects.requireNonNull(query, "query");
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (!query.statuses().isEmpty()) {
      where.append(" AND status IN (");
      String sep = "";
      for (ExecutionStatus s : query.statuses()) {
        where.append(sep).append('?');
        args.add(s.name());
        sep = ", ";
      }
      where.append(')');
    }
    if (query.workflowName() != null) {
      where.append(" AND workflow_name = ?");
      args.add(query.workflowName());
    }
    if (query.parentId() != null) {
      where.append(" AND parent_id = ?");
      args.add(query.parentId().value());
    }
    if (query.createdFrom() != null) {
      where.append(" AND created_at >= ?");
      args.add(Micros.of(query.createdFrom()));
    }
    if (query.createdBefore() != null) {
      where.append(" AND created_at < ?");
      args.add(Micros.of(query.createdBefore()));
    }
    return jdbc.autoCommit(
        "querying executions",
        (c, attempt) -> {
          long total;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM tyboo_execution" + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          List<ExecutionRecord> items = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + ExecutionSql.EXECUTION_COLUMNS
                      + " FROM tyboo_execution"
                      + where
                      + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
            int n = bind(ps, args);
            ps.setInt(n + 1, query.limit());
            ps.setInt(n + 2, query.offset());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(ExecutionSql.execution(rs));
              }
            }
          }
          return new Page<>(items, total, query.offset());
        });
  }

  private static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else {
        ps.setString(i + 1, (String) a);
      }
    }
    return args.size();
  }

  @Override
  public boolean delete(ExecutionId id) {
    Objects.requireNonNull(id, "id");
    return jdbc.autoCommit(
        "deleting execution " + id,
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM tyboo_execution WHERE id = ?")) {
            ps.setString(1, id.value());
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public int deleteFinishedBefore(Instant before, String workflowName) {
    Objects.requireNonNull(before, "before");
    return jdbc.autoCommit(
        "deleting executions that finished before " + before,
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM tyboo_execution WHERE status IN "
                      + FINAL_STATUSES
                      + " AND finished_at < ?"
                      + (workflowName == null ? "" : " AND workflow_name = ?"))) {
            ps.setLong(1, Micros.of(before));
            if (workflowName != null) {
              ps.setString(2, workflowName);
            }
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public int deleteAllButNewest(String workflowName, int keep) {
    Objects.requireNonNull(workflowName, "workflowName");
    if (keep < 0) {
      throw new IllegalArgumentException("keep must be >= 0, was " + keep);
    }
    return jdbc.inTransaction(
        "deleting all but the newest " + keep + " executions of workflow '" + workflowName + "'",
        (c, attempt) -> {
          List<String> doomed = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM tyboo_execution WHERE workflow_name = ? AND status IN "
                      + FINAL_STATUSES
                      + " ORDER BY created_at DESC, id DESC")) {
            ps.setString(1, workflowName);
            try (ResultSet rs = ps.executeQuery()) {
              for (int i = 0; rs.next(); i++) {
                if (i >= keep) {
                  doomed.add(rs.getString(1));
                }
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM tyboo_execution WHERE id = ?")) {
            for (String id : doomed) {
              ps.setString(1, id);
              ps.addBatch();
            }
            if (!doomed.isEmpty()) {
              ps.executeBatch();
            }
          }
          return doomed.size();
        });
  }

  // ---------------------------------------------------------------- data subjects

  @Override
  public String recordStep(ExecutionId id, String nodeId, String step, String valueJson) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(valueJson, "valueJson");
    if (step == null || step.isBlank() || step.length() > 200) {
      throw new IllegalArgumentException("a step needs a name of 1 to 200 characters");
    }
    return jdbc.autoCommit(
        "recording step '" + step + "' of node '" + nodeId + "' in execution " + id,
        (c, attempt) -> NodeStepSql.record(c, postgres, id, nodeId, step, valueJson));
  }

  @Override
  public Map<String, String> steps(ExecutionId id, String nodeId) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nodeId, "nodeId");
    return jdbc.autoCommit(
        "reading the steps of node '" + nodeId + "' in execution " + id,
        (c, attempt) -> NodeStepSql.steps(c, id, nodeId));
  }

  @Override
  public void appendMemory(
      String scope,
      String key,
      ExecutionId writer,
      String nodeId,
      int firstIndex,
      List<String> entriesJson) {
    Objects.requireNonNull(scope, "scope");
    NodeStore.checkMemoryKey(key);
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(nodeId, "nodeId");
    List<String> entries = List.copyOf(entriesJson);
    jdbc.inTransaction(
        "appending to a node memory from execution " + writer,
        (c, attempt) ->
            NodeMemorySql.append(c, postgres, scope, key, writer, nodeId, firstIndex, entries));
  }

  @Override
  public List<dev.tyboo.spi.store.MemoryEntry> memory(String scope, String key, int max) {
    Objects.requireNonNull(scope, "scope");
    NodeStore.checkMemoryKey(key);
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    return jdbc.autoCommit(
        "reading a node memory", (c, attempt) -> NodeMemorySql.recent(c, scope, key, max));
  }

  @Override
  public Map<String, List<dev.tyboo.spi.store.MemoryEntry>> memoryWrittenBy(ExecutionId writer) {
    Objects.requireNonNull(writer, "writer");
    return jdbc.autoCommit(
        "reading the memory entries of execution " + writer,
        (c, attempt) -> NodeMemorySql.writtenBy(c, writer));
  }

  @Override
  public int forgetMemory(String scope, String key) {
    Objects.requireNonNull(scope, "scope");
    NodeStore.checkMemoryKey(key);
    return jdbc.autoCommit(
        "deleting a node memory", (c, attempt) -> NodeMemorySql.forget(c, scope, key));
  }

  @Override
  public void tagSubject(ExecutionId id, String subjectId) {
    Objects.requireNonNull(id, "id");
    ExecutionStore.checkSubject(subjectId);
    jdbc.autoCommit(
        "tagging execution " + id + " with a data subject",
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT (SELECT COUNT(*) FROM tyboo_execution WHERE id = ?),"
                      + " (SELECT COUNT(*) FROM tyboo_subject WHERE subject_id = ?"
                      + " AND execution_id = ?)")) {
            ps.setString(1, id.value());
            ps.setString(2, subjectId);
            ps.setString(3, id.value());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getLong(1) == 0) {
                throw new ExecutionNotFoundException(id.value());
              }
              if (rs.getLong(2) > 0) {
                return null;
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tyboo_subject (subject_id, execution_id) VALUES (?, ?)")) {
            ps.setString(1, subjectId);
            ps.setString(2, id.value());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (!SqlErrors.isDuplicateKey(e)) {
              throw e;
            }
          }
          return null;
        });
  }

  @Override
  public List<ExecutionId> subjectExecutions(String subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    return jdbc.autoCommit(
        "reading the executions of a data subject",
        (c, attempt) -> {
          List<ExecutionId> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement("SELECT execution_id FROM tyboo_subject WHERE subject_id = ?")) {
            ps.setString(1, subjectId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(ExecutionId.of(rs.getString(1)));
              }
            }
          }
          return List.copyOf(ids);
        });
  }
}

package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.CorruptRecordException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.spi.store.FencedCheckpoint;
import dev.tyboo.spi.store.NodeRunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of {@code tyboo_node_run} for {@link JdbcExecutionStore}: checkpoints under a fence (one
 * statement on PostgreSQL, a locked read then a write elsewhere), groups of them, and reading them
 * back.
 */
final class NodeRunSql {

  private NodeRunSql() {}

  static final String RUN_COLUMNS =
      "execution_id, node_id, run_index, status, attempts, started_at, finished_at, outputs_json,"
          + " outputs_ref, error_json, resume_token, resume_at";

  /** PostgreSQL: what an upsert of a node run replaces when the run is recorded already. */
  private static final String UPSERT_SET =
      " ON CONFLICT (execution_id, node_id, run_index) DO UPDATE SET"
          + " status = EXCLUDED.status, attempts = EXCLUDED.attempts,"
          + " started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,"
          + " outputs_json = EXCLUDED.outputs_json, outputs_ref = EXCLUDED.outputs_ref,"
          + " error_json = EXCLUDED.error_json, resume_token = EXCLUDED.resume_token,"
          + " resume_at = EXCLUDED.resume_at";

  /**
   * PostgreSQL: a checkpoint written only while the writer's token passes the fence; 14 parameters
   * (the run's 12, the execution id, the token).
   */
  private static final String UPSERT_IF_FENCED =
      "INSERT INTO tyboo_node_run ("
          + RUN_COLUMNS
          + ") SELECT ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?"
          + " FROM tyboo_execution WHERE id = ? AND fence <= ? FOR SHARE"
          + UPSERT_SET;

  /**
   * PostgreSQL: the group in one statement. An upsert cannot touch one row twice, so a node run
   * that appears more than once is written with its last entry, in the place of its first (each of
   * its entries shares that outcome): rows are inserted in that order, the first-recorded order.
   */
  static BitSet upsertAllIfFenced(Connection c, List<FencedCheckpoint> checkpoints)
      throws SQLException {
    List<FencedCheckpoint> rows = distinctRuns(checkpoints);
    String sql =
        upsertFrom(
                rows.size(),
                " JOIN tyboo_execution e ON e.id = v.execution_id AND e.fence <= v.token"
                    + " ORDER BY v.ord FOR SHARE OF e")
            + " RETURNING execution_id, node_id, run_index";
    Set<String> written = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindRows(ps, 0, rows);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          written.add(rs.getString(1) + "\u0000" + rs.getString(2) + "\u0000" + rs.getInt(3));
        }
      }
    }
    BitSet refused = new BitSet();
    for (int i = 0; i < checkpoints.size(); i++) {
      if (!written.contains(key(checkpoints.get(i).run()))) {
        refused.set(i);
      }
    }
    return refused;
  }

  /** {@return one entry per node run: its last, in the place of its first} */
  static List<FencedCheckpoint> distinctRuns(List<FencedCheckpoint> checkpoints) {
    Map<String, FencedCheckpoint> lastOf = new LinkedHashMap<>();
    for (FencedCheckpoint f : checkpoints) {
      lastOf.put(key(f.run()), f);
    }
    return new ArrayList<>(lastOf.values());
  }

  /**
   * PostgreSQL: {@code INSERT .. SELECT} of {@code rows} node runs from a {@code VALUES} list named
   * {@code v} (the run's 12 columns, then {@code token} and {@code ord}: 14 parameters a row, bound
   * by {@link #bindRows}), with {@code join} after {@code FROM v}, as an upsert.
   */
  static String upsertFrom(int rows, String join) {
    StringBuilder sql =
        new StringBuilder("INSERT INTO tyboo_node_run (")
            .append(RUN_COLUMNS)
            .append(
                ") SELECT v.execution_id, v.node_id, v.run_index, v.status, v.attempts,"
                    + " v.started_at, v.finished_at, CAST(v.outputs_json AS jsonb), v.outputs_ref,"
                    + " v.error_json, v.resume_token, v.resume_at FROM (VALUES ");
    for (int r = 0; r < rows; r++) {
      sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }
    return sql.append(
            ") AS v (execution_id, node_id, run_index, status, attempts, started_at, finished_at,"
                + " outputs_json, outputs_ref, error_json, resume_token, resume_at, token, ord)")
        .append(join)
        .append(UPSERT_SET)
        .toString();
  }

  /** Binds the rows of {@link #upsertFrom} from parameter {@code after + 1}; {@return the last} */
  static int bindRows(PreparedStatement ps, int after, List<FencedCheckpoint> rows)
      throws SQLException {
    int p = after;
    for (int r = 0; r < rows.size(); r++) {
      FencedCheckpoint f = rows.get(r);
      bindRun(ps, p, f.run());
      ps.setLong(p + 13, f.fencingToken());
      ps.setInt(p + 14, r);
      p += 14;
    }
    return p;
  }

  private static String key(NodeRunRecord r) {
    return r.executionId().value() + "\u0000" + r.nodeId() + "\u0000" + r.runIndex();
  }

  /**
   * PostgreSQL: the fence check, its row lock and the upsert in one statement. {@code FOR SHARE}
   * makes a concurrent {@link JdbcExecutionStore#fence} wait, or this statement re-check the new
   * fence.
   */
  static Void checkpointInOneStatement(Connection c, NodeRunRecord run, long token)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_IF_FENCED)) {
      bindFencedUpsert(ps, new FencedCheckpoint(run, token));
      if (ps.executeUpdate() == 1) {
        return null;
      }
    }
    throw refused(run, token, ExecutionSql.currentFence(c, run.executionId(), false));
  }

  private static void bindFencedUpsert(PreparedStatement ps, FencedCheckpoint f)
      throws SQLException {
    bindRun(ps, f.run());
    ps.setString(13, f.run().executionId().value());
    ps.setLong(14, f.fencingToken());
  }

  /** H2, MariaDB: lock the execution row, check the fence, update or insert. */
  static Void checkpointLocked(Connection c, NodeRunRecord run, long token) throws SQLException {
    long fence = ExecutionSql.currentFence(c, run.executionId(), true);
    if (token < fence) {
      throw refused(run, token, fence);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE tyboo_node_run SET status = ?, attempts = ?, started_at = ?, finished_at = ?,"
                + " outputs_json = ?, outputs_ref = ?, error_json = ?, resume_token = ?,"
                + " resume_at = ? WHERE execution_id = ? AND node_id = ? AND run_index = ?")) {
      bindRunUpdate(ps, run);
      if (ps.executeUpdate() == 1) {
        return null;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO tyboo_node_run ("
                + RUN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bindRun(ps, run);
      ps.executeUpdate();
    }
    return null;
  }

  private static StaleLeaseException refused(NodeRunRecord run, long token, long fence) {
    return new StaleLeaseException(
        "checkpoint of node '"
            + run.nodeId()
            + "' in execution "
            + run.executionId()
            + " refused: fencing token "
            + token
            + " is older than "
            + fence);
  }

  private static void bindRun(PreparedStatement ps, NodeRunRecord r) throws SQLException {
    bindRun(ps, 0, r);
  }

  /** Binds the run's 12 columns to parameters {@code after + 1} to {@code after + 12}. */
  private static void bindRun(PreparedStatement ps, int after, NodeRunRecord r)
      throws SQLException {
    ps.setString(after + 1, r.executionId().value());
    ps.setString(after + 2, r.nodeId());
    ps.setInt(after + 3, r.runIndex());
    ps.setString(after + 4, r.status().name());
    ps.setInt(after + 5, r.attempts());
    Micros.set(ps, after + 6, r.startedAt());
    Micros.set(ps, after + 7, r.finishedAt());
    setText(ps, after + 8, r.outputsJson());
    ps.setString(after + 9, r.outputsRef());
    setText(ps, after + 10, r.errorJson());
    ps.setString(after + 11, r.resumeToken());
    Micros.set(ps, after + 12, r.resumeAt());
  }

  /** The SET values first (status .. resume_at), then the key. */
  static void bindRunUpdate(PreparedStatement ps, NodeRunRecord r) throws SQLException {
    ps.setString(1, r.status().name());
    ps.setInt(2, r.attempts());
    Micros.set(ps, 3, r.startedAt());
    Micros.set(ps, 4, r.finishedAt());
    setText(ps, 5, r.outputsJson());
    ps.setString(6, r.outputsRef());
    setText(ps, 7, r.errorJson());
    ps.setString(8, r.resumeToken());
    Micros.set(ps, 9, r.resumeAt());
    ps.setString(10, r.executionId().value());
    ps.setString(11, r.nodeId());
    ps.setInt(12, r.runIndex());
  }

  private static void setText(PreparedStatement ps, int index, String text) throws SQLException {
    if (text == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, text);
    }
  }

  static List<NodeRunRecord> nodeRuns(Connection c, ExecutionId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + RUN_COLUMNS + " FROM tyboo_node_run WHERE execution_id = ? ORDER BY seq")) {
      ps.setString(1, id.value());
      List<NodeRunRecord> runs = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          runs.add(nodeRun(rs));
        }
      }
      return List.copyOf(runs);
    }
  }

  private static NodeRunRecord nodeRun(ResultSet rs) throws SQLException {
    String execution = rs.getString("execution_id");
    String node = rs.getString("node_id");
    int runIndex = rs.getInt("run_index");
    String column = "status";
    try {
      NodeRunStatus status = NodeRunStatus.valueOf(rs.getString("status"));
      column = "(all)";
      return new NodeRunRecord(
          ExecutionId.of(execution),
          node,
          runIndex,
          status,
          rs.getInt("attempts"),
          Micros.get(rs, "started_at"),
          Micros.get(rs, "finished_at"),
          rs.getString("outputs_json"),
          rs.getString("outputs_ref"),
          rs.getString("error_json"),
          rs.getString("resume_token"),
          Micros.get(rs, "resume_at"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CorruptRecordException(
          "tyboo_node_run row (execution '"
              + execution
              + "', node '"
              + node
              + "', run "
              + runIndex
              + "), column "
              + column
              + ", is invalid: "
              + e.getMessage(),
          e);
    }
  }
}

package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.CorruptRecordException;
import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.StorageException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.spi.store.ExecutionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The SQL of {@code tyboo_execution} rows for {@link JdbcExecutionStore}: the columns, binding and
 * reading a record, the revision-checked update, and the typed errors of a write that changed no
 * row.
 */
final class ExecutionSql {

  private ExecutionSql() {}

  static final String EXECUTION_COLUMNS =
      "id, workflow_name, workflow_version, status, input_json, parent_id, parent_node_id,"
          + " created_at, updated_at, finished_at, error_json, revision";

  /** An update of every column but id and fence, of the revision read; 13 parameters. */
  static final String UPDATE_BY_REVISION =
      "UPDATE tyboo_execution SET workflow_name = ?, workflow_version = ?, status = ?,"
          + " input_json = ?, parent_id = ?, parent_node_id = ?, created_at = ?,"
          + " updated_at = ?, finished_at = ?, error_json = ?, revision = ?"
          + " WHERE id = ? AND revision = ?";

  /**
   * An insert of a new execution failed: {@return the record} when it is a duplicate key that our
   * own earlier attempt wrote (it committed before its connection broke).
   *
   * @throws StorageException when another execution has that id
   * @throws SQLException the failure, when it is not a duplicate key
   */
  static ExecutionRecord createdBefore(
      Connection c, ExecutionRecord stored, int attempt, SQLException e) throws SQLException {
    if (!SqlErrors.isDuplicateKey(e)) {
      throw e;
    }
    if (attempt > 1 && find(c, stored.id()).filter(stored::equals).isPresent()) {
      return stored;
    }
    throw new StorageException("an execution with id " + stored.id() + " already exists", e);
  }

  static void bindExecution(PreparedStatement ps, ExecutionRecord r) throws SQLException {
    ps.setString(1, r.id().value());
    bindFields(ps, r, 2);
  }

  /**
   * Binds the eleven columns after {@code id} (workflow_name .. revision, in table order) from
   * parameter {@code first} on.
   */
  static void bindFields(PreparedStatement ps, ExecutionRecord r, int first) throws SQLException {
    ps.setString(first, r.workflowName());
    ps.setInt(first + 1, r.workflowVersion());
    ps.setString(first + 2, r.status().name());
    ps.setString(first + 3, r.inputJson());
    ps.setString(first + 4, r.parentId() == null ? null : r.parentId().value());
    ps.setString(first + 5, r.parentNodeId());
    Micros.set(ps, first + 6, r.createdAt());
    Micros.set(ps, first + 7, r.updatedAt());
    Micros.set(ps, first + 8, r.finishedAt());
    ps.setString(first + 9, r.errorJson());
    ps.setLong(first + 10, r.revision());
  }

  static Optional<ExecutionRecord> find(Connection c, ExecutionId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + EXECUTION_COLUMNS + " FROM tyboo_execution WHERE id = ?")) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(execution(rs)) : Optional.empty();
      }
    }
  }

  static ExecutionRecord execution(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    String column = "status";
    try {
      ExecutionStatus status = ExecutionStatus.valueOf(rs.getString("status"));
      column = "parent_id";
      String parent = rs.getString("parent_id");
      column = "(all)";
      return new ExecutionRecord(
          ExecutionId.of(id),
          rs.getString("workflow_name"),
          rs.getInt("workflow_version"),
          status,
          rs.getString("input_json"),
          parent == null ? null : ExecutionId.of(parent),
          rs.getString("parent_node_id"),
          Micros.get(rs, "created_at"),
          Micros.get(rs, "updated_at"),
          Micros.get(rs, "finished_at"),
          rs.getString("error_json"),
          rs.getLong("revision"));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CorruptRecordException(
          "tyboo_execution row '" + id + "', column " + column + ", is invalid: " + e.getMessage(),
          e);
    }
  }

  /** Binds the 13 parameters of an update of {@code record} to {@code next}. */
  static void bindUpdate(PreparedStatement ps, ExecutionRecord record, ExecutionRecord next)
      throws SQLException {
    bindFields(ps, next, 1);
    ps.setString(12, next.id().value());
    ps.setLong(13, record.revision());
  }

  /**
   * An update changed no row: {@code next} when it is stored already (a first attempt committed
   * before its connection broke), else the reason.
   *
   * @throws ExecutionNotFoundException when there is no such execution
   * @throws ConcurrentUpdateException when another revision is stored
   */
  static ExecutionRecord unchanged(
      Connection c, ExecutionRecord record, ExecutionRecord next, int attempt) throws SQLException {
    ExecutionRecord stored =
        find(c, record.id()).orElseThrow(() -> new ExecutionNotFoundException(record.id().value()));
    if (attempt > 1 && stored.equals(next)) {
      return next;
    }
    throw new ConcurrentUpdateException(
        "execution "
            + record.id()
            + " was changed concurrently: update based on revision "
            + record.revision()
            + ", stored revision is "
            + stored.revision());
  }

  static StaleLeaseException stale(ExecutionId id, long fence, long token) {
    return new StaleLeaseException(
        "execution "
            + id
            + " is held with fencing token "
            + fence
            + "; token "
            + token
            + " is stale");
  }

  /** The execution's fence, or not-found; {@code lock} takes its row lock until commit. */
  static long currentFence(Connection c, ExecutionId id, boolean lock) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT fence FROM tyboo_execution WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ExecutionNotFoundException(id.value());
        }
        return rs.getLong(1);
      }
    }
  }
}

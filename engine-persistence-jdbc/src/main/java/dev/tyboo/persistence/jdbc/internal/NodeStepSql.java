package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.execution.ExecutionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The SQL of node-run steps ({@code tyboo_node_step}): first value recorded wins. */
final class NodeStepSql {

  private NodeStepSql() {}

  static String record(
      Connection c, boolean postgres, ExecutionId id, String nodeId, String step, String json)
      throws SQLException {
    if (postgres) { // a failed insert would abort the caller's transaction: do not fail
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO tyboo_node_step (execution_id, node_id, step, value_json)"
                  + " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM tyboo_execution WHERE id = ?)"
                  + " ON CONFLICT (execution_id, node_id, step) DO NOTHING")) {
        ps.setString(1, id.value());
        ps.setString(2, nodeId);
        ps.setString(3, step);
        ps.setString(4, json);
        ps.setString(5, id.value());
        ps.executeUpdate();
      }
    } else {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO tyboo_node_step (execution_id, node_id, step, value_json)"
                  + " VALUES (?, ?, ?, ?)")) {
        ps.setString(1, id.value());
        ps.setString(2, nodeId);
        ps.setString(3, step);
        ps.setString(4, json);
        ps.executeUpdate();
      } catch (SQLException e) {
        if (!SqlErrors.isDuplicateKey(e) && !isMissingExecution(e)) {
          throw e;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT value_json FROM tyboo_node_step WHERE execution_id = ? AND node_id = ?"
                + " AND step = ?")) {
      ps.setString(1, id.value());
      ps.setString(2, nodeId);
      ps.setString(3, step);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ExecutionNotFoundException(id.value());
        }
        return rs.getString(1);
      }
    }
  }

  /** A foreign-key violation (SQL state 23503, or MariaDB's 1452): no such execution. */
  private static boolean isMissingExecution(SQLException e) {
    return "23503".equals(e.getSQLState())
        || "23506".equals(e.getSQLState())
        || e.getErrorCode() == 1452;
  }

  static Map<String, String> steps(Connection c, ExecutionId id, String nodeId)
      throws SQLException {
    Map<String, String> steps = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT step, value_json FROM tyboo_node_step WHERE execution_id = ? AND node_id = ?")) {
      ps.setString(1, id.value());
      ps.setString(2, nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          steps.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return steps;
  }
}

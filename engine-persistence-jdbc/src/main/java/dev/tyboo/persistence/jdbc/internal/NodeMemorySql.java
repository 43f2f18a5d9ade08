package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.spi.store.MemoryEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The SQL of node memories ({@code tyboo_node_memory}). */
final class NodeMemorySql {

  private NodeMemorySql() {}

  static Void append(
      Connection c,
      boolean postgres,
      String scope,
      String key,
      ExecutionId writer,
      String nodeId,
      int first,
      List<String> entries)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tyboo_execution WHERE id = ?")) {
      ps.setString(1, writer.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ExecutionNotFoundException(writer.value());
        }
      }
    }
    String insert =
        "INSERT INTO tyboo_node_memory"
            + " (scope, memory_key, execution_id, node_id, entry_index, value_json)"
            + " VALUES (?, ?, ?, ?, ?, ?)"
            + (postgres
                ? " ON CONFLICT (execution_id, node_id, memory_key, entry_index)" + " DO NOTHING"
                : "");
    for (int k = 0; k < entries.size(); k++) {
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        ps.setString(1, scope);
        ps.setString(2, key);
        ps.setString(3, writer.value());
        ps.setString(4, nodeId);
        ps.setInt(5, first + k);
        ps.setString(6, entries.get(k));
        ps.executeUpdate();
      } catch (SQLException e) {
        if (!SqlErrors.isDuplicateKey(e)) {
          throw e;
        }
      }
    }
    return null;
  }

  static List<MemoryEntry> recent(Connection c, String scope, String key, int max)
      throws SQLException {
    List<MemoryEntry> entries = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT seq, execution_id, node_id, value_json FROM tyboo_node_memory"
                + " WHERE scope = ? AND memory_key = ? ORDER BY seq DESC")) {
      ps.setString(1, scope);
      ps.setString(2, key);
      ps.setMaxRows(max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && entries.size() < max) {
          entries.add(
              new MemoryEntry(
                  rs.getLong(1),
                  ExecutionId.of(rs.getString(2)),
                  rs.getString(3),
                  rs.getString(4)));
        }
      }
    }
    Collections.reverse(entries);
    return entries;
  }

  static java.util.Map<String, List<MemoryEntry>> writtenBy(Connection c, ExecutionId writer)
      throws SQLException {
    java.util.Map<String, List<MemoryEntry>> out = new java.util.TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT memory_key, seq, node_id, value_json FROM tyboo_node_memory"
                + " WHERE execution_id = ? ORDER BY seq")) {
      ps.setString(1, writer.value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new MemoryEntry(rs.getLong(2), writer, rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out;
  }

  static int forget(Connection c, String scope, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM tyboo_node_memory WHERE scope = ? AND memory_key = ?")) {
      ps.setString(1, scope);
      ps.setString(2, key);
      return ps.executeUpdate();
    }
  }
}

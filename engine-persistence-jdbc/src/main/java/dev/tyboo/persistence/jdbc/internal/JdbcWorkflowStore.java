package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.CorruptRecordException;
import dev.tyboo.error.StorageException;
import dev.tyboo.spi.store.StoredWorkflow;
import dev.tyboo.spi.store.WorkflowStore;
import dev.tyboo.spi.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Workflow versions in {@code tyboo_workflow}. A save reads the highest version and inserts the
 * next; of concurrent savers one wins the key and the others read again.
 */
public final class JdbcWorkflowStore implements WorkflowStore {

  private static final int MAX_SAVE_ATTEMPTS = 1_000;

  private final Jdbc jdbc;
  private final Clock clock;

  /**
   * Creates the store.
   *
   * @param jdbc the connections
   * @param clock stamps saved versions
   */
  public JdbcWorkflowStore(Jdbc jdbc, Clock clock) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public StoredWorkflow save(String name, String json) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(json, "json");
    if (name.isBlank()) {
      throw new IllegalArgumentException("workflow name must not be blank");
    }
    for (int attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
      Optional<StoredWorkflow> saved =
          jdbc.autoCommit(
              "saving workflow '" + name + "'", (c, retry) -> insertNext(c, name, json));
      if (saved.isPresent()) {
        return saved.get();
      }
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000, 2_000_000));
    }
    throw new StorageException(
        "saving workflow '"
            + name
            + "' lost the race for a version number "
            + MAX_SAVE_ATTEMPTS
            + " times",
        null);
  }

  /** Inserts the next version, or returns empty when a concurrent save took that number. */
  private Optional<StoredWorkflow> insertNext(Connection c, String name, String json)
      throws SQLException {
    int next;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MAX(version) FROM tyboo_workflow WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        next = rs.getInt(1) + 1;
      }
    }
    StoredWorkflow stored = new StoredWorkflow(name, next, json, clock.now());
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO tyboo_workflow (name, version, json, saved_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, name);
      ps.setInt(2, next);
      ps.setString(3, json);
      Micros.set(ps, 4, stored.savedAt());
      ps.executeUpdate();
      return Optional.of(stored);
    } catch (SQLException e) {
      if (SqlErrors.isDuplicateKey(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<StoredWorkflow> find(String name, int version) {
    Objects.requireNonNull(name, "name");
    return jdbc.autoCommit(
        "reading workflow '" + name + "' version " + version,
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, version, json, saved_at FROM tyboo_workflow"
                      + " WHERE name = ? AND version = ?")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            return one(ps);
          }
        });
  }

  @Override
  public Optional<StoredWorkflow> latest(String name) {
    Objects.requireNonNull(name, "name");
    return jdbc.autoCommit(
        "reading the latest version of workflow '" + name + "'",
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT name, version, json, saved_at FROM tyboo_workflow WHERE name = ?"
                      + " ORDER BY version DESC LIMIT 1")) {
            ps.setString(1, name);
            return one(ps);
          }
        });
  }

  private static Optional<StoredWorkflow> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      String name = rs.getString("name");
      int version = rs.getInt("version");
      try {
        return Optional.of(
            new StoredWorkflow(name, version, rs.getString("json"), Micros.get(rs, "saved_at")));
      } catch (RuntimeException e) {
        throw new CorruptRecordException(
            "tyboo_workflow row (name '"
                + name
                + "', version "
                + version
                + ") is invalid: "
                + e.getMessage(),
            e);
      }
    }
  }

  @Override
  public List<Integer> versions(String name) {
    Objects.requireNonNull(name, "name");
    return jdbc.autoCommit(
        "listing versions of workflow '" + name + "'",
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT version FROM tyboo_workflow WHERE name = ? ORDER BY version")) {
            ps.setString(1, name);
            List<Integer> versions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                versions.add(rs.getInt(1));
              }
            }
            return List.copyOf(versions);
          }
        });
  }

  @Override
  public List<String> names() {
    return jdbc.autoCommit(
        "listing workflow names",
        (c, attempt) -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT DISTINCT name FROM tyboo_workflow ORDER BY name");
              ResultSet rs = ps.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
              names.add(rs.getString(1));
            }
            return List.copyOf(names);
          }
        });
  }
}

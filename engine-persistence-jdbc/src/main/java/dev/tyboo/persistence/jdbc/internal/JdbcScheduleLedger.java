package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.spi.schedule.ScheduleLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The schedule ledger in {@code tyboo_schedule}. A claim is a conditional update (or an insert for
 * a schedule's first fire) in a transaction bound to the thread, so that the action, when it writes
 * through the same storage (an engine's start), commits or rolls back with the claim.
 */
public final class JdbcScheduleLedger implements ScheduleLedger {

  private final Jdbc jdbc;

  /**
   * Creates the ledger.
   *
   * @param jdbc the connection helper; the storage's own, so that claims join its transactions
   */
  public JdbcScheduleLedger(Jdbc jdbc) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
  }

  @Override
  public Optional<Instant> lastFire(String schedule) {
    Objects.requireNonNull(schedule, "schedule");
    return jdbc.autoCommit(
        "reading the last fire of schedule '" + schedule + "'",
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT last_fire FROM tyboo_schedule WHERE name = ?")) {
            ps.setString(1, schedule);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(Micros.get(rs, "last_fire")) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean claim(String schedule, Instant fireTime, Runnable action) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(fireTime, "fireTime");
    Objects.requireNonNull(action, "action");
    return jdbc.inTransaction(
        () -> {
          boolean won =
              jdbc.inTransaction(
                  "claiming fire " + fireTime + " of schedule '" + schedule + "'",
                  (c, attempt) -> record(c, schedule, fireTime));
          if (won) {
            action.run(); // joins this transaction when it writes through the same storage
          }
          return won;
        });
  }

  private boolean record(Connection c, String schedule, Instant fireTime) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE tyboo_schedule SET last_fire = ? WHERE name = ? AND last_fire < ?")) {
      Micros.set(ps, 1, fireTime);
      ps.setString(2, schedule);
      Micros.set(ps, 3, fireTime);
      if (ps.executeUpdate() == 1) {
        return true;
      }
    }
    String insert =
        switch (jdbc.database()) {
          case POSTGRESQL ->
              "INSERT INTO tyboo_schedule (name, last_fire) VALUES (?, ?) ON CONFLICT DO NOTHING";
          case MARIADB -> "INSERT IGNORE INTO tyboo_schedule (name, last_fire) VALUES (?, ?)";
          case H2 -> "INSERT INTO tyboo_schedule (name, last_fire) VALUES (?, ?)";
        };
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setString(1, schedule);
      Micros.set(ps, 2, fireTime);
      return ps.executeUpdate() == 1; // 0: the row exists, with this fire time or a later one
    } catch (SQLException e) {
      if (SqlErrors.isDuplicateKey(e)) {
        return false; // H2: a concurrent first claim inserted it (H2 keeps the transaction usable)
      }
      throw e;
    }
  }
}

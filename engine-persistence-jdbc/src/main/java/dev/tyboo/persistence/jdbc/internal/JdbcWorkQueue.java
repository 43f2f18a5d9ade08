package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.spi.queue.DeadWork;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.QueueStats;
import dev.tyboo.spi.queue.Subscription;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The work queue in {@code tyboo_work}. One column, {@code ready_at}, holds the due time of a
 * waiting item and the lease expiry of a leased one, so an item is claimable when {@code ready_at
 * <= now}, whether it is due or its holder's lease ran out. Claims skip rows that other claimers
 * have locked ({@code FOR UPDATE SKIP LOCKED}); on PostgreSQL a claim is one statement. Fencing
 * tokens come from the sequence {@code tyboo_fencing_token}. Time is the engine's clock, so engine
 * processes that share a database should keep their clocks in sync (NTP).
 */
public final class JdbcWorkQueue implements WorkQueue {

  /** The PostgreSQL notification channel for new due work. */
  public static final String CHANNEL = "tyboo_work";

  /** Removes an item if the lease (id, token, now) still holds it. */
  private static final String DELETE_HELD =
      "DELETE FROM tyboo_work WHERE id = ? AND token = ? AND owner IS NOT NULL AND ready_at > ?";

  private final Jdbc jdbc;
  private final Clock clock;
  private final boolean postgres;
  private final boolean notify;

  /** The payload of this queue's own notifications, which its own listener skips. */
  private final String origin = java.util.UUID.randomUUID().toString();

  /**
   * Creates the queue.
   *
   * @param jdbc the connections
   * @param clock decides due times and lease expiry
   * @param notify on PostgreSQL, whether to send and listen for notifications of new work
   */
  public JdbcWorkQueue(Jdbc jdbc, Clock clock, boolean notify) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.postgres = jdbc.database() == Database.POSTGRESQL;
    this.notify = notify && postgres;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  public String enqueue(ExecutionId executionId, Instant dueAt) {
    Objects.requireNonNull(executionId, "executionId");
    Instant now = clock.now();
    Instant ready = dueAt == null ? now : dueAt;
    boolean wake = notify && !ready.isAfter(now);
    String sql =
        wake
            ? "WITH w AS (INSERT INTO tyboo_work (execution_id, ready_at, deliveries)"
                + " VALUES (?, ?, 0) RETURNING id)"
                + " SELECT w.id FROM w CROSS JOIN (SELECT pg_notify('"
                + CHANNEL
                + "', ?)) n"
            : "INSERT INTO tyboo_work (execution_id, ready_at, deliveries) VALUES (?, ?, 0)";
    return jdbc.autoCommit(
        "queueing work for execution " + executionId,
        (c, attempt) -> {
          try (PreparedStatement ps =
              wake ? c.prepareStatement(sql) : c.prepareStatement(sql, new String[] {"id"})) {
            ps.setString(1, executionId.value());
            ps.setLong(2, Micros.of(ready));
            if (wake) {
              ps.setString(3, origin); // this queue's own listener skips it: its engine knows
            }
            ResultSet keys;
            if (wake) {
              keys = ps.executeQuery();
            } else {
              ps.executeUpdate();
              keys = ps.getGeneratedKeys();
            }
            try (ResultSet rs = keys) {
              rs.next();
              return Long.toString(rs.getLong(1));
            }
          }
        });
  }

  /** PostgreSQL: up to {@code max} items in one statement; the others claim one at a time. */
  @Override
  public List<Lease> claim(String owner, Duration leaseTime, int max) {
    if (!postgres) {
      return WorkQueue.super.claim(owner, leaseTime, max);
    }
    Objects.requireNonNull(owner, "owner");
    requirePositive(leaseTime);
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    return claimOnPostgres(owner, leaseTime, max);
  }

  /** Up to {@code max} due items in one {@code UPDATE .. RETURNING}. */
  private List<Lease> claimOnPostgres(String owner, Duration leaseTime, int max) {
    Instant now = clock.now();
    Instant expires = now.plus(leaseTime);
    return jdbc.autoCommit(
        "claiming work for " + owner,
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tyboo_work SET owner = ?, ready_at = ?,"
                      + " token = nextval('tyboo_fencing_token'), deliveries = deliveries + 1"
                      + " WHERE id IN (SELECT id FROM tyboo_work WHERE ready_at <= ?"
                      + " ORDER BY ready_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                      + " RETURNING id, execution_id, token, deliveries")) {
            ps.setString(1, owner);
            ps.setLong(2, Micros.of(expires));
            ps.setLong(3, Micros.of(now));
            ps.setInt(4, max);
            List<Lease> leases = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                leases.add(lease(rs, owner, expires));
              }
            }
            return leases;
          }
        });
  }

  @Override
  public Optional<Lease> claim(String owner, Duration leaseTime) {
    Objects.requireNonNull(owner, "owner");
    requirePositive(leaseTime);
    Instant now = clock.now();
    Instant expires = now.plus(leaseTime);
    if (postgres) {
      List<Lease> one = claimOnPostgres(owner, leaseTime, 1);
      return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }
    if (jdbc.database() == Database.H2) {
      return jdbc.autoCommit(
          "claiming work for " + owner, (c, attempt) -> claimH2(c, owner, now, expires));
    }
    return jdbc.inTransaction(
        "claiming work for " + owner,
        (c, attempt) -> {
          long id;
          String execution;
          int deliveries;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, execution_id, deliveries FROM tyboo_work WHERE ready_at <= ?"
                      + " ORDER BY ready_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
            ps.setLong(1, Micros.of(now));
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              id = rs.getLong(1);
              execution = rs.getString(2);
              deliveries = rs.getInt(3) + 1;
            }
          }
          long token = nextToken(c);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tyboo_work SET owner = ?, ready_at = ?, token = ?, deliveries = ?"
                      + " WHERE id = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, Micros.of(expires));
            ps.setLong(3, token);
            ps.setInt(4, deliveries);
            ps.setLong(5, id);
            ps.executeUpdate();
          }
          return Optional.of(
              new Lease(
                  Long.toString(id), ExecutionId.of(execution), owner, expires, token, deliveries));
        });
  }

  /**
   * H2 locks every row an ordered {@code FOR UPDATE} query reads, so it claims by compare-and-set
   * instead: read a few due items without locks, then take the first whose row is unchanged.
   */
  private static Optional<Lease> claimH2(Connection c, String owner, Instant now, Instant expires)
      throws SQLException {
    while (true) {
      List<long[]> candidates = new ArrayList<>(); // id, ready_at, token, deliveries
      List<String> executions = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, ready_at, COALESCE(token, -1), deliveries, execution_id FROM tyboo_work"
                  + " WHERE ready_at <= ? ORDER BY ready_at, id LIMIT 8")) {
        ps.setLong(1, Micros.of(now));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            candidates.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4)});
            executions.add(rs.getString(5));
          }
        }
      }
      if (candidates.isEmpty()) {
        return Optional.empty();
      }
      for (int i = 0; i < candidates.size(); i++) {
        long[] w = candidates.get(i);
        long token = nextToken(c);
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE tyboo_work SET owner = ?, ready_at = ?, token = ?, deliveries = ?"
                    + " WHERE id = ? AND ready_at = ? AND COALESCE(token, -1) = ?")) {
          ps.setString(1, owner);
          ps.setLong(2, Micros.of(expires));
          ps.setLong(3, token);
          ps.setInt(4, (int) w[3] + 1);
          ps.setLong(5, w[0]);
          ps.setLong(6, w[1]);
          ps.setLong(7, w[2]);
          if (ps.executeUpdate() == 1) {
            return Optional.of(
                new Lease(
                    Long.toString(w[0]),
                    ExecutionId.of(executions.get(i)),
                    owner,
                    expires,
                    token,
                    (int) w[3] + 1));
          }
        }
      }
    }
  }

  private static long nextToken(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT NEXT VALUE FOR tyboo_fencing_token");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Lease lease(ResultSet rs, String owner, Instant expires) throws SQLException {
    return new Lease(
        Long.toString(rs.getLong("id")),
        ExecutionId.of(rs.getString("execution_id")),
        owner,
        expires,
        rs.getLong("token"),
        rs.getInt("deliveries"));
  }

  @Override
  public Lease renew(Lease lease, Duration leaseTime) {
    requirePositive(leaseTime);
    Instant now = clock.now();
    Instant expires = now.plus(leaseTime);
    return jdbc.autoCommit(
        "renewing " + describe(lease),
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tyboo_work SET ready_at = ? WHERE id = ? AND token = ?"
                      + " AND owner IS NOT NULL AND ready_at > ?")) {
            ps.setLong(1, Micros.of(expires));
            bindHeld(ps, 2, lease, now);
            if (ps.executeUpdate() == 1) {
              return new Lease(
                  lease.workId(),
                  lease.executionId(),
                  lease.owner(),
                  expires,
                  lease.fencingToken(),
                  lease.delivery());
            }
          }
          throw stale(c, lease);
        });
  }

  @Override
  public void complete(Lease lease) {
    Instant now = clock.now();
    jdbc.autoCommit(
        "completing " + describe(lease),
        (c, attempt) -> {
          try (PreparedStatement ps = c.prepareStatement(DELETE_HELD)) {
            bindHeld(ps, 1, lease, now);
            if (ps.executeUpdate() == 1 || (attempt > 1 && gone(c, lease))) {
              return null;
            }
          }
          throw stale(c, lease);
        });
  }

  @Override
  public void retryLater(Lease lease, Instant dueAt) {
    putBack(lease, dueAt, "postponing ", "");
  }

  @Override
  public void reschedule(Lease lease, Instant dueAt) {
    putBack(lease, dueAt, "rescheduling ", ", deliveries = 0");
  }

  private void putBack(Lease lease, Instant dueAt, String what, String alsoSet) {
    Objects.requireNonNull(dueAt, "dueAt");
    Instant now = clock.now();
    jdbc.autoCommit(
        what + describe(lease),
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tyboo_work SET owner = NULL, ready_at = ?"
                      + alsoSet
                      + " WHERE id = ? AND token = ?"
                      + " AND owner IS NOT NULL AND ready_at > ?")) {
            ps.setLong(1, Micros.of(dueAt));
            bindHeld(ps, 2, lease, now);
            if (ps.executeUpdate() == 1) {
              return null;
            }
          }
          throw stale(c, lease);
        });
  }

  @Override
  public void deadLetter(Lease lease, String reason) {
    Objects.requireNonNull(reason, "reason");
    Instant now = clock.now();
    jdbc.inTransaction(
        "dead-lettering " + describe(lease),
        (c, attempt) -> {
          try (PreparedStatement ps = c.prepareStatement(DELETE_HELD)) {
            bindHeld(ps, 1, lease, now);
            if (ps.executeUpdate() != 1) {
              if (attempt > 1 && gone(c, lease) && deadAlready(c, lease)) {
                return null;
              }
              throw stale(c, lease);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tyboo_dead_work (id, execution_id, reason, deliveries, dead_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, Long.parseLong(lease.workId()));
            ps.setString(2, lease.executionId().value());
            ps.setString(3, reason);
            ps.setInt(4, lease.delivery());
            ps.setLong(5, Micros.of(now));
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static void bindHeld(PreparedStatement ps, int from, Lease lease, Instant now)
      throws SQLException {
    ps.setLong(from, workId(lease));
    ps.setLong(from + 1, lease.fencingToken());
    ps.setLong(from + 2, Micros.of(now));
  }

  /** {@return the payload of this queue's own notifications} */
  String origin() {
    return origin;
  }

  /** {@return whether this queue notifies other processes of new due work} */
  boolean notifies() {
    return notify;
  }

  /** {@return the clock that decides due times and lease expiry} */
  Clock clock() {
    return clock;
  }

  static long workId(Lease lease) {
    Objects.requireNonNull(lease, "lease");
    try {
      return Long.parseLong(lease.workId());
    } catch (NumberFormatException e) {
      throw new StaleLeaseException(describe(lease) + " is not a lease of this queue");
    }
  }

  private static boolean gone(Connection c, Lease lease) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tyboo_work WHERE id = ?")) {
      ps.setLong(1, workId(lease));
      try (ResultSet rs = ps.executeQuery()) {
        return !rs.next();
      }
    }
  }

  private static boolean deadAlready(Connection c, Lease lease) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tyboo_dead_work WHERE id = ?")) {
      ps.setLong(1, workId(lease));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Explains why a lease no longer holds: expired, or superseded/ended. */
  private StaleLeaseException stale(Connection c, Lease lease) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT token, owner, ready_at FROM tyboo_work WHERE id = ?")) {
      ps.setLong(1, workId(lease));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()
            && rs.getLong(1) == lease.fencingToken()
            && rs.getString(2) != null
            && !Micros.toInstant(rs.getLong(3)).isAfter(clock.now())) {
          return new StaleLeaseException(
              describe(lease) + " expired at " + Micros.toInstant(rs.getLong(3)));
        }
      }
    }
    return new StaleLeaseException(
        describe(lease) + " is no longer held (completed, re-queued or claimed again since)");
  }

  private static String describe(Lease lease) {
    return "lease "
        + lease.fencingToken()
        + " of "
        + lease.owner()
        + " on work "
        + lease.workId()
        + " (execution "
        + lease.executionId()
        + ")";
  }

  @Override
  public Subscription onWorkAdded(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    if (!notify) {
      return Subscription.none();
    }
    return PostgresNotifications.listen(jdbc.dataSource(), CHANNEL, origin, listener);
  }

  @Override
  public List<DeadWork> deadLetters() {
    return jdbc.autoCommit(
        "listing dead letters",
        (c, attempt) -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, execution_id, reason, deliveries, dead_at FROM tyboo_dead_work"
                          + " ORDER BY dead_at, id");
              ResultSet rs = ps.executeQuery()) {
            List<DeadWork> dead = new ArrayList<>();
            while (rs.next()) {
              dead.add(
                  new DeadWork(
                      Long.toString(rs.getLong(1)),
                      ExecutionId.of(rs.getString(2)),
                      rs.getString(3),
                      rs.getInt(4),
                      Micros.toInstant(rs.getLong(5))));
            }
            return List.copyOf(dead);
          }
        });
  }

  @Override
  public QueueStats stats() {
    long now = Micros.of(clock.now());
    return jdbc.autoCommit(
        "counting work by state",
        (c, attempt) -> {
          int due;
          int scheduled;
          int leased;
          Instant oldest;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT SUM(CASE WHEN ready_at <= ? THEN 1 ELSE 0 END),"
                      + " SUM(CASE WHEN ready_at > ? AND owner IS NULL THEN 1 ELSE 0 END),"
                      + " SUM(CASE WHEN ready_at > ? AND owner IS NOT NULL THEN 1 ELSE 0 END),"
                      + " MIN(CASE WHEN ready_at <= ? THEN ready_at END) FROM tyboo_work")) {
            for (int i = 1; i <= 4; i++) {
              ps.setLong(i, now);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              due = rs.getInt(1);
              scheduled = rs.getInt(2);
              leased = rs.getInt(3);
              long min = rs.getLong(4);
              oldest = rs.wasNull() ? null : Micros.toInstant(min);
            }
          }
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tyboo_dead_work");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new QueueStats(due, scheduled, leased, rs.getInt(1), oldest);
          }
        });
  }

  @Override
  public int size() {
    return jdbc.autoCommit(
        "counting work",
        (c, attempt) -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tyboo_work");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  private static void requirePositive(Duration leaseTime) {
    Objects.requireNonNull(leaseTime, "leaseTime");
    if (leaseTime.isNegative() || leaseTime.isZero()) {
      throw new IllegalArgumentException("leaseTime must be positive, was " + leaseTime);
    }
  }
}

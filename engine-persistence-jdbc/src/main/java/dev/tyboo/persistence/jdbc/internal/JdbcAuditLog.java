package dev.tyboo.persistence.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.StorageException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.spi.audit.AuditAnchor;
import dev.tyboo.spi.audit.AuditChain;
import dev.tyboo.spi.audit.AuditEvent;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.audit.AuditQuery;
import dev.tyboo.spi.audit.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The audit log in {@code tyboo_audit} (schema version 4). An append reads the last record and
 * inserts the next sequence number in one transaction; when another process took that number first
 * (the primary key refuses the second), it reads again and retries.
 */
public final class JdbcAuditLog implements AuditLog {

  private static final ObjectMapper JSON = JsonMappers.standard();
  private static final int MAX_TRIES = 1_000;

  private final Jdbc jdbc;

  /**
   * Creates the log.
   *
   * @param jdbc the connection helper
   */
  public JdbcAuditLog(Jdbc jdbc) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
  }

  /** The sequence number was taken by a concurrent append. */
  private static final class Taken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Taken() {
      super(null, null, false, false);
    }
  }

  @Override
  public AuditRecord append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbc.inTransaction(
            "appending an audit record (" + event.action() + ")", (c, a) -> tryAppend(c, event));
      } catch (Taken e) {
        if (attempt >= MAX_TRIES) {
          throw new StorageException(
              "could not append an audit record after " + MAX_TRIES + " concurrent tries", null);
        }
        // another appender won this number; back off a little so that contenders spread out
        java.util.concurrent.locks.LockSupport.parkNanos(
            java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000, 200_000));
      }
    }
  }

  private AuditRecord tryAppend(Connection c, AuditEvent event) throws SQLException {
    long last = 0;
    String previous = AuditChain.GENESIS;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sequence, hash FROM tyboo_audit ORDER BY sequence DESC LIMIT 1")) {
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          last = rs.getLong(1);
          previous = rs.getString(2);
        }
      }
    }
    AuditRecord r = AuditChain.link(last + 1, event, previous);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO tyboo_audit (sequence, time_micros, tenant, actor, action, target, detail,"
                + " detail_erased, detail_hash, previous_hash, hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      AuditEvent e = r.event();
      ps.setLong(1, r.sequence());
      ps.setLong(2, micros(e.time()));
      ps.setString(3, e.tenant());
      ps.setString(4, e.actor());
      ps.setString(5, e.action());
      ps.setString(6, e.target());
      ps.setString(7, json(e.detail()));
      ps.setBoolean(8, false);
      ps.setString(9, r.detailHash());
      ps.setString(10, r.previousHash());
      ps.setString(11, r.hash());
      ps.executeUpdate();
    } catch (SQLException e) {
      if (SqlErrors.isDuplicateKey(e)) {
        throw new Taken();
      }
      throw e;
    }
    return r;
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static String json(Map<String, Object> detail) {
    try {
      return JSON.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit detail is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public List<AuditRecord> read(AuditQuery q) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT sequence, time_micros, tenant, actor, action, target, detail, detail_erased,"
                + " detail_hash, previous_hash, hash FROM tyboo_audit WHERE sequence > ?");
    List<Object> args = new ArrayList<>();
    args.add(q.afterSequence());
    q.tenant()
        .ifPresent(
            v -> {
              sql.append(" AND tenant = ?");
              args.add(v);
            });
    q.actor()
        .ifPresent(
            v -> {
              sql.append(" AND actor = ?");
              args.add(v);
            });
    q.action()
        .ifPresent(
            v -> {
              sql.append(" AND action = ?");
              args.add(v);
            });
    q.from()
        .ifPresent(
            v -> {
              sql.append(" AND time_micros >= ?");
              args.add(micros(v));
            });
    q.until()
        .ifPresent(
            v -> {
              sql.append(" AND time_micros < ?");
              args.add(micros(v));
            });
    sql.append(" ORDER BY sequence");
    return jdbc.autoCommit(
        "reading the audit log",
        (c, attempt) -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            ps.setMaxRows(q.limit());
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next() && out.size() < q.limit()) {
                out.add(record(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public AuditAnchor head() {
    return jdbc.autoCommit(
        "reading the audit log's head",
        (c, attempt) -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT sequence, hash FROM tyboo_audit ORDER BY sequence DESC LIMIT 1");
              ResultSet rs = ps.executeQuery()) {
            return rs.next()
                ? new AuditAnchor(rs.getLong(1), rs.getString(2))
                : AuditAnchor.empty();
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static AuditRecord record(ResultSet rs) throws SQLException {
    Map<String, Object> detail;
    try {
      detail = JSON.readValue(rs.getString("detail"), Map.class);
    } catch (JsonProcessingException e) {
      detail = Map.of("unreadable", true); // verification will report the mismatch
    }
    return new AuditRecord(
        rs.getLong("sequence"),
        new AuditEvent(
            Instant.EPOCH.plus(rs.getLong("time_micros"), ChronoUnit.MICROS),
            rs.getString("tenant"),
            rs.getString("actor"),
            rs.getString("action"),
            rs.getString("target"),
            detail),
        rs.getBoolean("detail_erased"),
        rs.getString("detail_hash"),
        rs.getString("previous_hash"),
        rs.getString("hash"));
  }

  @Override
  public int eraseDetail(String tenant, Set<String> values) {
    Objects.requireNonNull(values, "values");
    return jdbc.inTransaction(
        tenant == null ? "erasing audit detail" : "erasing audit detail in tenant '" + tenant + "'",
        (c, attempt) -> {
          List<Long> matching = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT sequence, target, detail FROM tyboo_audit WHERE detail_erased = ?"
                      + (tenant == null ? "" : " AND tenant = ?"))) {
            ps.setBoolean(1, false);
            if (tenant != null) {
              ps.setString(2, tenant);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (values.contains(rs.getString(2))
                    || AuditChain.mentions(parse(rs.getString(3)), values)) {
                  matching.add(rs.getLong(1));
                }
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tyboo_audit SET detail = '{}', detail_erased = ? WHERE sequence = ?")) {
            for (long s : matching) {
              ps.setBoolean(1, true);
              ps.setLong(2, s);
              ps.addBatch();
            }
            if (!matching.isEmpty()) {
              ps.executeBatch();
            }
          }
          return matching.size();
        });
  }

  private static Object parse(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}

package dev.tyboo.persistence.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Instants as BIGINT microseconds since the epoch: one exact, portable, indexable column type. */
public final class Micros {

  private Micros() {}

  /**
   * {@return the instant in microseconds since the epoch (nanoseconds are dropped)}
   *
   * @param t an instant
   */
  public static long of(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /**
   * {@return the instant} of a microsecond count
   *
   * @param micros microseconds since the epoch
   */
  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /**
   * Binds an instant or SQL NULL.
   *
   * @param ps the statement
   * @param index the parameter index
   * @param t the instant, or {@code null}
   * @throws SQLException on failure
   */
  public static void set(PreparedStatement ps, int index, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, of(t));
    }
  }

  /**
   * {@return the instant in a column, or {@code null}}
   *
   * @param rs the row
   * @param column the column
   * @throws SQLException on failure
   */
  public static Instant get(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : toInstant(v);
  }
}

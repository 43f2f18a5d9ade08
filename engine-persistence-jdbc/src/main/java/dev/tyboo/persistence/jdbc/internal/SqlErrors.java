package dev.tyboo.persistence.jdbc.internal;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Classifies SQL failures: worth retrying or not, duplicate key or not. */
public final class SqlErrors {

  private SqlErrors() {}

  /**
   * {@return whether trying again (on a fresh connection) may succeed: a dropped or refused
   * connection, a deadlock, a serialization failure, a lock wait timeout, a server shutting down}
   *
   * @param e the failure
   */
  public static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null
            && (state.startsWith("08") // connection exception
                || state.equals("40001") // serialization failure (MariaDB: deadlock)
                || state.equals("40P01") // PostgreSQL deadlock
                || state.equals("55P03") // PostgreSQL lock not available
                || state.startsWith("57P") // PostgreSQL: admin shutdown, cannot connect now
                || state.equals("HYT00") // H2 lock timeout
                || state.equals("HYT01"))) {
          return true;
        }
        int code = s.getErrorCode();
        if (code == 1205 || code == 1213) { // MariaDB lock wait timeout, deadlock
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@return whether the failure is a unique-key violation}
   *
   * @param e the failure
   */
  public static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062;
  }
}

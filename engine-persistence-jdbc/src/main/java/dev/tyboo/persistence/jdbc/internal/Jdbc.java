package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.StorageException;
import dev.tyboo.error.StorageUnavailableException;
import dev.tyboo.spi.store.Transactions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of SQL work on connections from the host's {@link DataSource}, each in autocommit mode
 * or in one transaction, and retries the whole unit on a fresh connection after a transient fault
 * (dropped connection, deadlock, serialization failure) until a time budget is spent. Work that
 * runs more than once must be idempotent or check its own earlier attempt ({@code attempt > 1}).
 *
 * <p>As {@link Transactions}, it binds one connection to the calling thread for the work: every
 * store and queue call the work makes on that thread joins the one transaction.
 */
public final class Jdbc implements Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

  /**
   * One unit of work on a connection.
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Does the work.
     *
     * @param c the connection (its transaction is committed by the caller)
     * @param attempt 1 on the first try, more on retries after a transient fault
     * @return the result
     * @throws SQLException on failure
     */
    T run(Connection c, int attempt) throws SQLException;
  }

  private final DataSource dataSource;
  private final Database database;
  private final Duration retryFor;
  private final int statementTimeoutSeconds;
  private final String applicationName;

  /** Cleared when the driver refuses client info, so that it is not asked again. */
  private volatile boolean clientInfo = true;

  private final ThreadLocal<Connection> bound = new ThreadLocal<>();

  /** A SQL failure inside a bound transaction, carried out to the call that owns it. */
  private static final class InTransactionFailure extends StorageException {
    private static final long serialVersionUID = 1L;
    private final transient SQLException sql;

    InTransactionFailure(String what, SQLException sql) {
      super(what + " failed: " + sql.getMessage(), sql);
      this.sql = sql;
    }
  }

  /**
   * Creates the runner.
   *
   * @param dataSource the host's connections
   * @param database which SQL the database speaks
   * @param retryFor how long to keep retrying a transient fault
   * @param statementTimeout how long one statement may run (rounded up to whole seconds); zero for
   *     no limit
   * @param applicationName the {@code ApplicationName} client info set on each connection, or
   *     {@code null}
   */
  public Jdbc(
      DataSource dataSource,
      Database database,
      Duration retryFor,
      Duration statementTimeout,
      String applicationName) {
    // H2 keeps no client info, and writes each refusal with its stack trace to a file database's
    // trace file
    this.applicationName = database == Database.H2 ? null : applicationName;
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.database = Objects.requireNonNull(database, "database");
    this.retryFor = Objects.requireNonNull(retryFor, "retryFor");
    // H2 bounds lock waits itself (LOCK_TIMEOUT, 1 s by default), and its setQueryTimeout costs a
    // command per statement: it made a 10-node durable chain twice as slow (DurableBenchmark)
    this.statementTimeoutSeconds =
        statementTimeout.isZero() || database == Database.H2
            ? 0
            : (int)
                Math.max(
                    1,
                    Math.min(
                        Integer.MAX_VALUE,
                        statementTimeout.toSeconds()
                            + (statementTimeout.toNanosPart() > 0 ? 1 : 0)));
  }

  /**
   * Names the connection to the database. PostgreSQL's driver sends the name only when it changes,
   * so a pool of the engine's own pays once per connection.
   */
  private void name(Connection c) {
    if (applicationName == null || !clientInfo) {
      return;
    }
    try {
      c.setClientInfo("ApplicationName", applicationName);
    } catch (SQLException | RuntimeException e) {
      clientInfo = false; // this driver keeps no such name; do not ask again
      LOG.debug("the JDBC driver does not take an ApplicationName: {}", e.toString());
    }
  }

  /**
   * {@return the connection, handing out statements that time out after the statement timeout} One
   * place for every statement of the engine's: the stores do not set it themselves.
   */
  private Connection timed(Connection c) {
    if (statementTimeoutSeconds == 0) {
      return c;
    }
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof Statement s
                  && (method.getName().equals("prepareStatement")
                      || method.getName().equals("createStatement")
                      || method.getName().equals("prepareCall"))) {
                s.setQueryTimeout(statementTimeoutSeconds);
              }
              return result;
            });
  }

  /** {@return which SQL the database speaks} */
  public Database database() {
    return database;
  }

  /** {@return the connections} */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * {@return the result of work done in autocommit mode (each statement commits by itself)}
   *
   * @param what what is being done, naming the ids, for error messages
   * @param work the work
   * @param <T> the result type
   */
  public <T> T autoCommit(String what, Work<T> work) {
    return call(what, false, work);
  }

  /**
   * {@return the result of work done in one transaction, committed when it returns normally and
   * rolled back when it throws}
   *
   * @param what what is being done, naming the ids, for error messages
   * @param work the work
   * @param <T> the result type
   */
  public <T> T inTransaction(String what, Work<T> work) {
    return call(what, true, work);
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    if (bound.get() != null) {
      return work.get(); // nested: join
    }
    return call(
        "a transaction of several writes",
        true,
        (c, attempt) -> {
          bound.set(c);
          try {
            return work.get();
          } finally {
            bound.remove();
          }
        });
  }

  private <T> T call(String what, boolean transaction, Work<T> work) {
    // a caller's interrupt flag is its own business (as with an in-memory engine): a pool or driver
    // that sees it would abort the statement halfway, so it is set aside and put back afterwards
    boolean interrupted = Thread.interrupted();
    try {
      return callOnce(what, transaction, work);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> T callOnce(String what, boolean transaction, Work<T> work) {
    Connection joined = bound.get();
    if (joined != null) {
      try {
        return work.run(joined, 1);
      } catch (SQLException e) {
        throw new InTransactionFailure(what, e); // the owner of the transaction decides on a retry
      }
    }
    long deadline = System.nanoTime() + retryFor.toNanos();
    long backoffMillis = 10;
    for (int attempt = 1; ; attempt++) {
      try (Connection raw = dataSource.getConnection()) {
        name(raw);
        Connection c = timed(raw);
        try {
          return run(c, transaction, work, attempt);
        } catch (InTransactionFailure f) {
          throw f.sql;
        }
      } catch (SQLException e) {
        boolean retry = SqlErrors.isTransient(e);
        if (!retry) {
          throw new StorageException(what + " failed: " + e.getMessage(), e);
        }
        if (System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
          throw new StorageUnavailableException(
              what
                  + " failed after "
                  + attempt
                  + " attempts over "
                  + retryFor
                  + " (the database may be down or overloaded): "
                  + e.getMessage(),
              e);
        }
        LOG.warn("{} failed (attempt {}), retrying: {}", what, attempt, e.toString());
        long jitter = ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1);
        LockSupport.parkNanos((backoffMillis + jitter) * 1_000_000);
        backoffMillis = Math.min(backoffMillis * 2, 1_000);
      }
    }
  }

  private static <T> T run(Connection c, boolean transaction, Work<T> work, int attempt)
      throws SQLException {
    if (!transaction) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c, attempt);
    }
    c.setAutoCommit(false);
    try {
      T result = work.run(c, attempt);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the connection is broken; the pool discards it
      }
    }
  }
}

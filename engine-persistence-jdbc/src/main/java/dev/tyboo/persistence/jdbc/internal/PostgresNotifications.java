package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.spi.queue.Subscription;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a PostgreSQL channel on a connection of its own, in a daemon thread, and calls back on
 * every notification. It uses the PostgreSQL driver's {@code PGConnection.getNotifications(int)}
 * through reflection, so this module needs no compile-time driver; without that driver (or through
 * a pool that cannot unwrap to it) it logs once and gives up: workers then find new work by
 * polling. A lost connection is re-opened after a second.
 */
final class PostgresNotifications implements Subscription {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
  private static final int WAIT_MILLIS = 500;

  private final DataSource dataSource;
  private final String channel;
  private final String ownPayload;
  private final Runnable listener;
  private final Thread thread;
  private volatile boolean closed;

  private PostgresNotifications(
      DataSource dataSource, String channel, String ownPayload, Runnable listener) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.ownPayload = ownPayload;
    this.listener = listener;
    this.thread =
        Thread.ofPlatform().daemon().name("tyboo-listen-" + channel).unstarted(this::loop);
  }

  /**
   * Listens on a channel.
   *
   * @param ownPayload notifications carrying this payload are this process's own and wake nobody
   *     (whoever sent them has woken its engine already)
   */
  static Subscription listen(
      DataSource dataSource, String channel, String ownPayload, Runnable listener) {
    PostgresNotifications n = new PostgresNotifications(dataSource, channel, ownPayload, listener);
    n.thread.start();
    return n;
  }

  private void loop() {
    while (!closed) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        Object pg;
        Method poll;
        Method payload;
        try {
          ClassLoader loader = c.getClass().getClassLoader();
          Class<?> type = Class.forName("org.postgresql.PGConnection", false, loader);
          pg = c.unwrap(type);
          poll = type.getMethod("getNotifications", int.class);
          payload =
              Class.forName("org.postgresql.PGNotification", false, loader)
                  .getMethod("getParameter");
        } catch (ClassNotFoundException | NoSuchMethodException | SQLException e) {
          LOG.info(
              "no PostgreSQL driver connection to listen on ({}); workers find new work by polling",
              e.toString());
          return;
        }
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        while (!closed) {
          Object got = poll.invoke(pg, WAIT_MILLIS);
          if (got != null && othersIn(got, payload)) {
            listener.run();
          }
        }
      } catch (InvocationTargetException | SQLException | IllegalAccessException e) {
        if (!closed) {
          Throwable cause = e instanceof InvocationTargetException i ? i.getCause() : e;
          LOG.debug("listening on {} failed; reconnecting in 1 s: {}", channel, cause.toString());
          LockSupport.parkNanos(1_000_000_000L);
        }
      } catch (RuntimeException e) {
        LOG.warn("wake-up listener failed; reconnecting in 1 s", e);
        LockSupport.parkNanos(1_000_000_000L);
      }
    }
  }

  /** {@return whether a batch of notifications holds one that another process sent} */
  private boolean othersIn(Object notifications, Method payload)
      throws InvocationTargetException, IllegalAccessException {
    int n = Array.getLength(notifications);
    for (int i = 0; i < n; i++) {
      if (!ownPayload.equals(payload.invoke(Array.get(notifications, i)))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}

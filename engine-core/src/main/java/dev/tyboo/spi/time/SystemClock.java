package dev.tyboo.spi.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Time from a {@link java.time.Clock} (the system's by default), timers on a daemon thread created
 * on first use. Delays are waited in real time whatever the source says.
 */
final class SystemClock implements Clock {

  private final java.time.Clock source;
  private volatile ScheduledThreadPoolExecutor scheduler;

  SystemClock(java.time.Clock source) {
    this.source = source;
  }

  @Override
  public Instant now() {
    return source.instant();
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future =
        scheduler().schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  private ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor s = scheduler;
    if (s == null) {
      synchronized (this) {
        s = scheduler;
        if (s == null) {
          s =
              new ScheduledThreadPoolExecutor(
                  1,
                  r -> {
                    Thread t = new Thread(r, "tyboo-timer");
                    t.setDaemon(true);
                    return t;
                  });
          s.setRemoveOnCancelPolicy(true);
          scheduler = s;
        }
      }
    }
    return s;
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}

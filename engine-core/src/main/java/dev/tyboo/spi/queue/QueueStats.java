package dev.tyboo.spi.queue;

import java.time.Instant;

/**
 * A work queue's counts at one moment, for health checks and metrics.
 *
 * @param due items whose time has come and that no worker holds (including items whose lease
 *     expired): the backlog
 * @param scheduled items due later (timers, retries)
 * @param leased items a worker holds under a lease that has not expired
 * @param dead dead-lettered items
 * @param oldestDue when the oldest item of the backlog became due, or {@code null} when there is no
 *     backlog
 */
public record QueueStats(int due, int scheduled, int leased, int dead, Instant oldestDue) {

  /** Validates the components. */
  public QueueStats {
    if (due < 0 || scheduled < 0 || leased < 0 || dead < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
    if ((due == 0) != (oldestDue == null)) {
      throw new IllegalArgumentException("oldestDue is set exactly when something is due");
    }
  }
}

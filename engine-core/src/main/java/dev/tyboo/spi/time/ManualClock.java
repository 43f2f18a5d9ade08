package dev.tyboo.spi.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeoutException;

/**
 * A clock that moves only when told to, for tests. Scheduled tasks run on the thread that moves the
 * clock past their due time, in due-time order. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * Engine engine = Engine.builder().clock(clock).build();
 * ...
 * clock.advanceToNextTimer(Duration.ofSeconds(5)); // waits (in real time) for the engine to schedule a retry, then runs it
 * }</pre>
 */
public final class ManualClock implements Clock {

  private final PriorityQueue<Entry> timers = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  private ManualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /**
   * {@return a clock standing at {@code start}}
   *
   * @param start the initial time
   */
  public static ManualClock at(Instant start) {
    return new ManualClock(start);
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(task, "task");
    Entry entry;
    synchronized (this) {
      entry = new Entry(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
      timers.add(entry);
      notifyAll();
    }
    return () -> {
      synchronized (ManualClock.this) {
        return timers.remove(entry);
      }
    };
  }

  /**
   * Moves the clock forward and runs every task that falls due on the way, each with the clock set
   * to its due time.
   *
   * @param duration how far to move; not negative
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, was " + duration);
    }
    Instant target;
    synchronized (this) {
      target = now.plus(duration);
    }
    while (true) {
      Entry due;
      synchronized (this) {
        Entry head = timers.peek();
        if (head == null || head.due.isAfter(target)) {
          now = target;
          return;
        }
        due = timers.poll();
        if (due.due.isAfter(now)) {
          now = due.due;
        }
      }
      due.task.run();
    }
  }

  /** {@return how many tasks are scheduled and have not run} */
  public synchronized int pendingTimers() {
    return timers.size();
  }

  /**
   * {@return the delay from now to the earliest scheduled task, or {@code null} when none is
   * scheduled}
   */
  public synchronized Duration nextTimerDelay() {
    Entry head = timers.peek();
    return head == null ? null : Duration.between(now, head.due);
  }

  /**
   * Waits (in real time) until a task is scheduled, then moves the clock to its due time and runs
   * it (and any others due at the same time).
   *
   * @param realTimeout how long to wait for a task to be scheduled
   * @return how far the clock moved
   * @throws TimeoutException when no task was scheduled in time
   * @throws InterruptedException when interrupted while waiting
   */
  public Duration advanceToNextTimer(Duration realTimeout)
      throws TimeoutException, InterruptedException {
    return advanceToNextTimer(realTimeout, null);
  }

  /**
   * As {@link #advanceToNextTimer(Duration)}, but only for a task due within a horizon: tasks due
   * later (an engine's own housekeeping, such as a durable engine's lease renewals) neither end the
   * wait nor are run.
   *
   * @param realTimeout how long to wait for such a task to be scheduled
   * @param within how far from now the task may be due; {@code null} for any
   * @return how far the clock moved
   * @throws TimeoutException when no such task was scheduled in time
   * @throws InterruptedException when interrupted while waiting
   */
  public Duration advanceToNextTimer(Duration realTimeout, Duration within)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + realTimeout.toNanos();
    Duration delay;
    synchronized (this) {
      while (timers.isEmpty()
          || (within != null && Duration.between(now, timers.peek().due).compareTo(within) > 0)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "no timer was scheduled"
                  + (within == null ? "" : " to fire within " + within)
                  + " in "
                  + realTimeout);
        }
        wait(Math.max(1, Math.min(left / 1_000_000, within == null ? Long.MAX_VALUE : 10)));
      }
      delay = Duration.between(now, timers.peek().due);
      if (delay.isNegative()) {
        delay = Duration.ZERO;
      }
    }
    advance(delay);
    return delay;
  }

  /** {@return the due times of the scheduled tasks, earliest first} */
  public synchronized List<Instant> scheduledTimes() {
    List<Entry> copy = new ArrayList<>(timers);
    copy.sort(null);
    return copy.stream().map(e -> e.due).toList();
  }

  private record Entry(Instant due, long seq, Runnable task) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}

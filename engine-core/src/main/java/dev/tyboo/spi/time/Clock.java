package dev.tyboo.spi.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's source of time and of delayed work (retry backoff, timeouts). Inject a {@link
 * ManualClock} in tests to drive time: a three-day wait then takes microseconds.
 *
 * <p>Implementations must be thread-safe. Tasks handed to {@link #schedule} must be short: the
 * engine's tasks only hand work over to its executor.
 */
public interface Clock extends AutoCloseable {

  /** {@return a clock on the system time with one daemon timer thread, created on first use} */
  static Clock system() {
    return new SystemClock(java.time.Clock.systemUTC());
  }

  /**
   * {@return a clock that reads the time from a {@code java.time.Clock} (a host's, an offset or a
   * fixed one) and runs timers on a daemon thread in real time} Close it (the engine does, when it
   * made it from {@code EngineBuilder.clock(java.time.Clock)}) to stop that thread.
   *
   * @param source where the time comes from
   */
  static Clock of(java.time.Clock source) {
    return new SystemClock(java.util.Objects.requireNonNull(source, "source"));
  }

  /** {@return the current instant} */
  Instant now();

  /**
   * Runs a task once, after a delay measured on this clock.
   *
   * @param delay how long to wait; zero or negative runs it as soon as possible
   * @param task what to run
   * @return a handle that cancels the task if it has not run yet
   */
  Timer schedule(Duration delay, Runnable task);

  /** Releases the clock's threads, if any. Scheduled tasks that have not run are dropped. */
  @Override
  default void close() {}

  /** A scheduled task. */
  interface Timer {
    /** {@return {@code true} if the task had not run and now never will} */
    boolean cancel();
  }
}

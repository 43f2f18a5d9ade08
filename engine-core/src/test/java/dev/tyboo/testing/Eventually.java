package dev.tyboo.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, for tests of asynchronous behaviour. */
public final class Eventually {
  private Eventually() {}

  /**
   * Polls a condition every 10 ms until it holds.
   *
   * @param timeout how long to wait at most
   * @param condition what must become true
   * @param description what is awaited, for the failure message
   * @throws AssertionError when the condition still fails at the deadline
   */
  public static void await(Duration timeout, BooleanSupplier condition, String description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout + ": " + description);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + description, e);
      }
    }
  }
}

package dev.tyboo.internal.executor;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a storage write up to three times, 0.1 s and then 0.4 s apart, before its failure stands:
 * enough to ride out a blip, short enough to hold a node's thread only briefly.
 */
final class ThreeTries {

  private static final Logger LOG = LoggerFactory.getLogger(ThreeTries.class);

  private ThreeTries() {}

  /**
   * {@return the action's result, tried up to three times}
   *
   * @param what what is written, for the log
   * @param action the write
   * @param giveUp failures that no retry mends (thrown at once)
   * @param <T> the result type
   */
  static <T> T run(String what, Supplier<T> action, Predicate<RuntimeException> giveUp) {
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (RuntimeException e) {
        if (attempt >= 3 || giveUp.test(e)) {
          throw e;
        }
        LOG.warn("{} failed (try {}), trying again: {}", what, attempt, e.toString());
        LockSupport.parkNanos(100_000_000L << (2 * (attempt - 1)));
      }
    }
  }
}

package dev.tyboo.spi.queue;

/**
 * A registration that lasts until closed, such as {@link WorkQueue#onWorkAdded}. Closing twice is
 * harmless.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** {@return a subscription with nothing to stop} */
  static Subscription none() {
    return () -> {};
  }

  /** Stops the registration; never throws. */
  @Override
  void close();
}

package dev.tyboo.spi.store;

import java.util.function.Supplier;

/**
 * Lets the engine make several store and queue writes land together or not at all, such as "create
 * the execution" and "queue work for it": a crash between the two must not leave an execution that
 * nobody will ever run. Storage whose stores share one database (JDBC) runs the work in one
 * database transaction; storage that cannot does nothing special ({@link #none()}), and the engine
 * then relies on its recovery paths.
 */
public interface Transactions {

  /** {@return transactions that just run the work: for storage without a shared transaction} */
  static Transactions none() {
    return NoTransactions.INSTANCE;
  }

  /**
   * Runs work whose store and queue writes commit together when it returns and are undone when it
   * throws. Calls may nest: inner ones join the outer transaction.
   *
   * @param work the writes; may run more than once when the storage retries a transient fault
   * @param <T> the result type
   * @return the work's result
   */
  <T> T inTransaction(Supplier<T> work);
}

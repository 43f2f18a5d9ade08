package dev.tyboo.spi.store;

import java.util.function.Supplier;

/** {@link Transactions} for storage without a shared transaction: runs the work as it is. */
enum NoTransactions implements Transactions {
  INSTANCE;

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return work.get();
  }
}

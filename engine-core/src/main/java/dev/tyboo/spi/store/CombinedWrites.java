package dev.tyboo.spi.store;

import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.WorkQueue;
import java.util.List;

/**
 * An optional capability of an {@link ExecutionStore} whose database also holds a {@link
 * WorkQueue}: the writes at an execution's two edges, which touch both, made in one statement each
 * (one round trip, one commit). A durable engine uses it when its storage's execution store
 * implements it and {@link #combinesWith} the storage's queue; otherwise it makes the same writes
 * through the store and the queue inside {@link Transactions#inTransaction}, with the same outcome.
 */
public interface CombinedWrites {

  /**
   * {@return whether this store's combined writes reach that queue}
   *
   * @param queue a work queue
   */
  boolean combinesWith(WorkQueue queue);

  /**
   * As {@link ExecutionStore#create} then {@link WorkQueue#enqueue enqueue(id, null)} (work due
   * now), together.
   *
   * @param record the new execution, with revision 0
   * @return the stored record, with revision 1
   * @throws dev.tyboo.error.StorageException when an execution with that id exists (nothing
   *     written)
   */
  ExecutionRecord createQueued(ExecutionRecord record);

  /**
   * Ends an execution for the holder of a lease: records the last node runs, {@link
   * ExecutionStore#updateFenced updates} the record and {@link WorkQueue#complete completes} the
   * lease, together. When the update is refused, nothing is written. When the update passes but the
   * lease no longer holds its work item (its lease expired and another worker claimed it, but has
   * not fenced the execution yet), the end stands: that worker finds the execution ended and
   * completes the item.
   *
   * @param last node runs to record with the end (may be empty)
   * @param next the ended record, carrying the revision it was read at
   * @param lease the holder's lease (its fencing token fences every write)
   * @return the stored record, with the next revision
   * @throws dev.tyboo.error.StaleLeaseException when a newer token was announced (nothing written)
   * @throws dev.tyboo.error.ConcurrentUpdateException when the stored revision differs (nothing
   *     written)
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  ExecutionRecord end(List<NodeRunRecord> last, ExecutionRecord next, Lease lease);
}

package dev.tyboo.spi.queue;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The work that engine processes share: "advance this execution", now or at a due time. Workers
 * claim an item under a lease, renew the lease while busy, and complete, postpone or dead-letter
 * it. An item whose lease expires is delivered again, to any worker, with a higher fencing token;
 * the previous holder's operations then fail with {@link dev.tyboo.error.StaleLeaseException}.
 * Delivery is at least once.
 *
 * <p>Implementations must be thread-safe, and safe across processes when they are shared (JDBC).
 * Every implementation's test extends the contract test {@code WorkQueueContract} of
 * engine-testkit.
 */
public interface WorkQueue {

  /**
   * Optional features; asking for a missing one throws {@link
   * dev.tyboo.error.UnsupportedCapabilityException}.
   */
  enum Capability {
    /** Items may be enqueued with a due time in the future. */
    DELAYED_DELIVERY,
    /** Items can be dead-lettered and listed. */
    DEAD_LETTERS
  }

  /**
   * {@return a queue in this process's memory, on the given clock}
   *
   * @param clock decides when items are due and leases expire
   */
  static WorkQueue inMemory(Clock clock) {
    return new InMemoryWorkQueue(clock);
  }

  /** {@return what this implementation supports} */
  Set<Capability> capabilities();

  /**
   * Adds work.
   *
   * @param executionId the execution to advance
   * @param dueAt the earliest time a worker may claim it; {@code null} for now
   * @return the new item's id
   */
  String enqueue(ExecutionId executionId, Instant dueAt);

  /**
   * Takes the item that has been due longest (items with expired leases count as due), if any.
   *
   * @param owner the claiming worker's id
   * @param leaseTime how long the hold lasts unless renewed; positive
   * @return the lease, or empty when nothing is due
   */
  Optional<Lease> claim(String owner, Duration leaseTime);

  /**
   * Takes up to {@code max} due items, each under its own lease and fencing token, in one round
   * trip where the queue can; fewer than {@code max} means nothing else was due. The default claims
   * one at a time until {@code max} or until one finds nothing.
   *
   * @param owner the claiming worker's id
   * @param leaseTime how long each hold lasts unless renewed; positive
   * @param max the most items to take; at least 1
   * @return the leases, in no promised order
   */
  default List<Lease> claim(String owner, Duration leaseTime, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    List<Lease> leases = new ArrayList<>(max);
    while (leases.size() < max) {
      Optional<Lease> lease = claim(owner, leaseTime);
      if (lease.isEmpty()) {
        break;
      }
      leases.add(lease.get());
    }
    return leases;
  }

  /**
   * Extends a lease that is still held.
   *
   * @param lease the current lease
   * @param leaseTime the new hold, counted from now
   * @return the renewed lease (same token)
   * @throws dev.tyboo.error.StaleLeaseException when the lease expired or was superseded
   */
  Lease renew(Lease lease, Duration leaseTime);

  /**
   * Removes a finished item.
   *
   * @param lease the current lease
   * @throws dev.tyboo.error.StaleLeaseException when the lease expired or was superseded
   */
  void complete(Lease lease);

  /**
   * Puts an item back, to be claimed again at a due time (a wait, a retry).
   *
   * @param lease the current lease
   * @param dueAt when it becomes due again
   * @throws dev.tyboo.error.StaleLeaseException when the lease expired or was superseded
   */
  void retryLater(Lease lease, Instant dueAt);

  /**
   * Puts an item back as planned work, due at a time: the holder made progress and has more to do
   * later (a wait, a timer). Unlike {@link #retryLater} its delivery count starts again, so that
   * {@link Lease#delivery()} keeps counting only deliveries that ended without progress.
   *
   * @param lease the current lease
   * @param dueAt when it becomes due again
   * @throws dev.tyboo.error.StaleLeaseException when the lease expired or was superseded
   */
  void reschedule(Lease lease, Instant dueAt);

  /**
   * Gives up on an item: it is never delivered again and shows in {@link #deadLetters()}.
   *
   * @param lease the current lease
   * @param reason why, for people
   * @throws dev.tyboo.error.StaleLeaseException when the lease expired or was superseded
   */
  void deadLetter(Lease lease, String reason);

  /**
   * Asks to be told, as soon as possible, when work that is due now may have been added by anyone
   * (another engine process included), so an idle worker need not wait for its next poll. Best
   * effort: a listener may be called spuriously or not at all, and workers keep polling. The
   * default tells nothing; a JDBC queue on PostgreSQL uses LISTEN/NOTIFY.
   *
   * @param listener called from an arbitrary thread; must return quickly and not throw
   * @return the registration; close it to stop the calls
   */
  default Subscription onWorkAdded(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    return Subscription.none();
  }

  /** {@return the dead-lettered items, oldest first} */
  List<DeadWork> deadLetters();

  /** {@return how many items are waiting or leased (not dead-lettered)} */
  int size();

  /** {@return the queue's counts now: backlog, scheduled, leased, dead, and the backlog's age} */
  QueueStats stats();
}

package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.spi.queue.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executions one durable engine is working on, one claim of each at a time.
 *
 * <p>A second claim of an execution already held here is not run beside the first when the first is
 * in a storage call (its lease ran out while a statement was blocked on a row locked by someone
 * else) or still holds a valid lease (another work item for it came in: a child's end waking its
 * parent). Running it would block a second slot on the same row, or make the first claim stale
 * halfway. It is kept aside instead and handed back to the queue once the first claim lets go, so
 * that one stuck execution holds at most one slot. Only a first claim that runs nodes on an expired
 * lease (its renewals failed) is superseded: the second claim runs, and fences the first off.
 *
 * <p>It also tells which claims sit in a storage call for longer than a lease: slots that a stuck
 * statement blocks, for {@code Engine.health()}.
 */
final class HeldExecutions {

  /** One held execution. */
  private static final class Hold {
    /** The holder's fencing token. */
    final long token;

    /** When the holder's lease runs out, as last renewed. */
    volatile Instant expiresAt;

    /** Claims of it that came in meanwhile; guarded by the map's compute for its key. */
    final List<Lease> deferred = new ArrayList<>();

    /** {@link System#nanoTime()} when its current storage call began, or {@link #NONE}. */
    volatile long inStorageSince;

    Hold(Lease lease, long now) {
      this.token = lease.fencingToken();
      this.expiresAt = lease.expiresAt();
      this.inStorageSince = now;
    }
  }

  /** Not in a storage call. */
  private static final long NONE = Long.MIN_VALUE;

  private final ConcurrentHashMap<ExecutionId, Hold> holds = new ConcurrentHashMap<>();

  /**
   * Takes a claim: holds its execution, in a storage call from now (claims begin by reading and
   * fencing the execution), unless the execution is held already and its holder is in a storage
   * call or on a valid lease.
   *
   * @param lease the new claim
   * @param now the engine clock's time
   * @return {@code true} when the caller runs the claim; {@code false} when it was kept aside until
   *     the current holder lets go
   */
  boolean hold(Lease lease, Instant now) {
    boolean[] run = {false};
    holds.compute(
        lease.executionId(),
        (id, hold) -> {
          if (hold == null || (hold.inStorageSince == NONE && !hold.expiresAt.isAfter(now))) {
            run[0] = true;
            Hold next = new Hold(lease, System.nanoTime());
            if (hold != null) { // superseded: its run is fenced off by this claim
              next.deferred.addAll(hold.deferred);
            }
            return next;
          }
          // a newer lease of the same work item replaces the one that ran out
          hold.deferred.removeIf(d -> d.workId().equals(lease.workId()));
          hold.deferred.add(lease);
          return hold;
        });
    return run[0];
  }

  /**
   * Records a renewal of the holder's lease.
   *
   * @param lease the renewed lease
   */
  void renewed(Lease lease) {
    Hold hold = holds.get(lease.executionId());
    if (hold != null && hold.token == lease.fencingToken()) {
      hold.expiresAt = lease.expiresAt();
    }
  }

  /**
   * Lets an execution go, unless a newer claim superseded this one.
   *
   * @param lease the holder's lease
   * @return the claims of it kept aside meanwhile, to hand back to the queue
   */
  List<Lease> release(Lease lease) {
    List<Lease> deferred = new ArrayList<>();
    holds.computeIfPresent(
        lease.executionId(),
        (k, hold) -> {
          if (hold.token != lease.fencingToken()) {
            return hold;
          }
          deferred.addAll(hold.deferred);
          return null;
        });
    return deferred;
  }

  /**
   * Marks the start or the end of a storage call made for a held execution.
   *
   * @param lease the holder's lease
   * @param inStorage whether a call begins
   */
  void storageCall(Lease lease, boolean inStorage) {
    Hold hold = holds.get(lease.executionId());
    if (hold != null && hold.token == lease.fencingToken()) {
      hold.inStorageSince = inStorage ? System.nanoTime() : NONE;
    }
  }

  /**
   * {@return how many held executions have been in one storage call for longer than the given time}
   *
   * @param longerThan the time a healthy call never takes (the lease time)
   */
  int blocked(Duration longerThan) {
    long now = System.nanoTime();
    long limit = longerThan.toNanos();
    int n = 0;
    for (Hold hold : holds.values()) {
      long since = hold.inStorageSince;
      if (since != NONE && now - since > limit) {
        n++;
      }
    }
    return n;
  }
}

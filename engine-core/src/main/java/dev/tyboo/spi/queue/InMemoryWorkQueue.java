package dev.tyboo.spi.queue;

import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The work queue in memory: one lock, items ordered by due time, expired leases reclaimed on claim.
 */
final class InMemoryWorkQueue implements WorkQueue {

  private static final Comparator<Item> BY_DUE =
      Comparator.comparing((Item i) -> i.dueAt).thenComparingLong(i -> i.seq);

  private final Clock clock;
  private final TreeSet<Item> waiting = new TreeSet<>(BY_DUE);
  private final PriorityQueue<Item> leased =
      new PriorityQueue<>(Comparator.comparing(i -> i.expiresAt));
  private final Map<String, Item> byId = new HashMap<>();
  private final List<DeadWork> dead = new ArrayList<>();
  private long seq;
  private long tokens;

  InMemoryWorkQueue(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static final class Item {
    final String id;
    final ExecutionId executionId;
    Instant dueAt;
    long seq;
    int deliveries;
    String owner;
    long token;
    Instant expiresAt;

    Item(String id, ExecutionId executionId, Instant dueAt, long seq) {
      this.id = id;
      this.executionId = executionId;
      this.dueAt = dueAt;
      this.seq = seq;
    }
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  public synchronized String enqueue(ExecutionId executionId, Instant dueAt) {
    Objects.requireNonNull(executionId, "executionId");
    Item item =
        new Item(
            UUID.randomUUID().toString(), executionId, dueAt == null ? clock.now() : dueAt, seq++);
    waiting.add(item);
    byId.put(item.id, item);
    return item.id;
  }

  @Override
  public synchronized Optional<Lease> claim(String owner, Duration leaseTime) {
    Objects.requireNonNull(owner, "owner");
    requirePositive(leaseTime);
    Instant now = clock.now();
    while (!leased.isEmpty() && !leased.peek().expiresAt.isAfter(now)) {
      Item expired = leased.poll(); // its holder is gone or too slow: deliver again, at once
      expired.owner = null;
      expired.expiresAt = null;
      waiting.add(expired);
    }
    Item next = waiting.isEmpty() ? null : waiting.first();
    if (next == null || next.dueAt.isAfter(now)) {
      return Optional.empty();
    }
    waiting.remove(next);
    next.deliveries++;
    next.owner = owner;
    next.token = ++tokens;
    next.expiresAt = now.plus(leaseTime);
    leased.add(next);
    return Optional.of(lease(next));
  }

  private static Lease lease(Item item) {
    return new Lease(
        item.id, item.executionId, item.owner, item.expiresAt, item.token, item.deliveries);
  }

  /** The item the lease still holds, or a stale-lease error. */
  private Item held(Lease lease) {
    Objects.requireNonNull(lease, "lease");
    String which =
        "lease " + lease.fencingToken() + " of " + lease.owner() + " on work " + lease.workId();
    Item item = byId.get(lease.workId());
    if (item == null || item.token != lease.fencingToken() || item.expiresAt == null) {
      throw new StaleLeaseException(
          which + " is no longer held (completed, re-queued or claimed again since)");
    }
    if (!item.expiresAt.isAfter(clock.now())) {
      throw new StaleLeaseException(which + " expired at " + item.expiresAt);
    }
    return item;
  }

  @Override
  public synchronized Lease renew(Lease lease, Duration leaseTime) {
    requirePositive(leaseTime);
    Item item = held(lease);
    leased.remove(item);
    item.expiresAt = clock.now().plus(leaseTime);
    leased.add(item);
    return lease(item);
  }

  @Override
  public synchronized void complete(Lease lease) {
    Item item = held(lease);
    leased.remove(item);
    byId.remove(item.id);
  }

  @Override
  public synchronized void retryLater(Lease lease, Instant dueAt) {
    Objects.requireNonNull(dueAt, "dueAt");
    Item item = held(lease);
    leased.remove(item);
    item.owner = null;
    item.expiresAt = null;
    item.dueAt = dueAt;
    item.seq = seq++;
    waiting.add(item);
  }

  @Override
  public synchronized void reschedule(Lease lease, Instant dueAt) {
    retryLater(lease, dueAt);
    byId.get(lease.workId()).deliveries = 0;
  }

  @Override
  public synchronized void deadLetter(Lease lease, String reason) {
    Objects.requireNonNull(reason, "reason");
    Item item = held(lease);
    leased.remove(item);
    byId.remove(item.id);
    dead.add(new DeadWork(item.id, item.executionId, reason, item.deliveries, clock.now()));
  }

  @Override
  public synchronized List<DeadWork> deadLetters() {
    return List.copyOf(dead);
  }

  @Override
  public synchronized int size() {
    return byId.size();
  }

  private static void requirePositive(Duration leaseTime) {
    Objects.requireNonNull(leaseTime, "leaseTime");
    if (leaseTime.isNegative() || leaseTime.isZero()) {
      throw new IllegalArgumentException("leaseTime must be positive, was " + leaseTime);
    }
  }

  @Override
  public synchronized QueueStats stats() {
    Instant now = clock.now();
    int due = 0;
    int scheduled = 0;
    Instant oldest = null;
    for (Item item : waiting) {
      if (item.dueAt.isAfter(now)) {
        scheduled++;
      } else {
        due++;
        oldest = oldest == null || item.dueAt.isBefore(oldest) ? item.dueAt : oldest;
      }
    }
    int leasedNow = 0;
    for (Item item : leased) {
      if (item.expiresAt.isAfter(now)) {
        leasedNow++;
      } else { // expired: due again since its lease ran out
        due++;
        oldest = oldest == null || item.expiresAt.isBefore(oldest) ? item.expiresAt : oldest;
      }
    }
    return new QueueStats(due, scheduled, leasedNow, dead.size(), oldest);
  }
}

package dev.tyboo.internal.executor;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.StorageUnavailableException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.internal.checkpoint.ErrorJson;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a durable worker gives claimed work back to the queue: at once (to another worker, or to the
 * claims of an execution that waited while it was held here), later with a delay that doubles with
 * each delivery (at most 1 min), or as a dead letter with its reason, when the execution cannot run
 * here or was claimed {@code maxDeliveries} times without finishing. Each way frees the claim's
 * slot where the claim had one.
 */
final class HandBacks {

  private static final Logger LOG = LoggerFactory.getLogger(HandBacks.class);

  private final DurableWorker worker;
  private final WorkQueue queue;
  private final Clock clock;
  private final Semaphore slots;
  private final HeldExecutions held;
  private final ClaimTroubles troubles;
  private final Duration pollInterval;
  private final int maxDeliveries;

  HandBacks(
      DurableWorker worker,
      WorkQueue queue,
      Clock clock,
      Semaphore slots,
      HeldExecutions held,
      ClaimTroubles troubles,
      Duration pollInterval,
      int maxDeliveries) {
    this.worker = worker;
    this.queue = queue;
    this.clock = clock;
    this.slots = slots;
    this.held = held;
    this.troubles = troubles;
    this.pollInterval = pollInterval;
    this.maxDeliveries = maxDeliveries;
  }

  /**
   * A claim failed before its run began (a statement timed out on a locked row): remember why, and
   * hand the execution back with a growing delay; its deliveries count towards {@code
   * maxDeliveries}.
   */
  void claimFailed(Lease lease, Throwable e) {
    LOG.error("worker {} cannot claim execution {}", worker.id(), lease.executionId(), e);
    troubles.failed(lease.executionId(), "claiming it failed: " + e);
    handBackLater(lease);
  }

  /** Hands work back with a delay that grows with its deliveries, and frees its slot. */
  void handBackLater(Lease lease) {
    try {
      handBack(lease);
    } finally {
      slots.release();
    }
  }

  /** Hands work back with a delay that grows with its deliveries. */
  void handBack(Lease lease) {
    try {
      queue.retryLater(lease, clock.now().plus(backoff(lease.delivery())));
    } catch (RuntimeException again) {
      LOG.debug("cannot hand execution {} back; its lease will expire", lease, again);
    }
  }

  /** The execution's claim here has ended: hand back the claims of it that came in meanwhile. */
  void letGo(Lease holder) {
    List<Lease> deferred = held.release(holder);
    for (Lease lease : deferred) {
      try {
        queue.retryLater(lease, clock.now());
      } catch (RuntimeException e) {
        LOG.debug("cannot hand back {}; its lease will expire", lease, e);
      }
    }
    if (!deferred.isEmpty()) {
      worker.signal();
    }
  }

  /**
   * Fails an execution claimed too often without finishing, and dead-letters its work. When even
   * that cannot be recorded (its row stays locked), the work is handed back with a growing delay,
   * to try again: the execution never ends without the reason stored with it.
   */
  void giveUp(Lease lease, ExecutionRecord rec) {
    ExecutionId id = rec.id();
    String last = troubles.lastFailure(id);
    String reason =
        "the engine claimed execution "
            + id
            + " "
            + (lease.delivery() - 1)
            + " times without finishing it (DurableOptions.maxDeliveries "
            + maxDeliveries
            + ")"
            + (last == null ? "" : "; last failure: " + last);
    try {
      worker
          .statuses()
          .transition(
              new Claim(lease, rec),
              ExecutionStatus.FAILED,
              ErrorJson.write(new NonRetryableNodeException(reason)));
    } catch (RuntimeException e) {
      LOG.warn("{}; cannot mark it failed yet, trying again later: {}", reason, e.toString());
      handBackLater(lease);
      return;
    }
    LOG.error("{}; it fails and its work becomes a dead letter", reason);
    troubles.ended(id);
    try {
      queue.deadLetter(lease, reason);
    } finally {
      slots.release();
      worker.ended(id);
    }
  }

  void unreachable(Lease lease, StorageUnavailableException e) {
    LOG.warn(
        "execution {} cannot be restored now; trying again in {}: {}",
        lease.executionId(),
        pollInterval,
        e.getMessage());
    try {
      queue.retryLater(lease, clock.now().plus(pollInterval));
    } catch (RuntimeException again) {
      LOG.debug("cannot postpone execution {}; its lease will expire", lease.executionId(), again);
    } finally {
      slots.release();
    }
  }

  void unrunnable(ExecutionRecord rec, Lease lease, RuntimeException e) {
    LOG.error(
        "execution {} cannot run here: workflow '{}' version {} or its checkpoints do not load: {}",
        rec.id(),
        rec.workflowName(),
        rec.workflowVersion(),
        e.getMessage());
    try {
      queue.deadLetter(
          lease,
          "workflow '"
              + rec.workflowName()
              + "' version "
              + rec.workflowVersion()
              + " or its checkpoints do not load: "
              + e.getMessage());
    } finally {
      slots.release();
    }
  }

  void releaseForOthers(Claim claim) {
    try {
      queue.retryLater(
          claim.lease,
          claim.checkpointFailed ? clock.now().plus(backoff(claim.lease.delivery())) : clock.now());
    } catch (RuntimeException e) {
      LOG.debug("could not hand execution {} back; its lease will expire", claim.lease, e);
    }
  }

  /**
   * The delay before an execution whose checkpoint failed is claimed again: doubling, at most 1
   * min.
   */
  private Duration backoff(int delivery) {
    Duration d = pollInterval.multipliedBy(1L << Math.min(delivery - 1, 16));
    return d.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : d;
  }
}

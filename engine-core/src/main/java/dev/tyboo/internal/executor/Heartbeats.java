package dev.tyboo.internal.executor;

import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the lease of each claim while its run is busy, every third of the lease time, and looks
 * for a cancel made elsewhere (another process, or the store's own view) at each renewal. A claim
 * whose lease was taken over is abandoned: its run stops, writing nothing more.
 */
final class Heartbeats {

  private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

  private final WorkQueue queue;
  private final ExecutionStore store;
  private final HeldExecutions held;
  private final Clock clock;
  private final Duration leaseTime;
  private final String workerId;

  Heartbeats(
      WorkQueue queue,
      ExecutionStore store,
      HeldExecutions held,
      Clock clock,
      Duration leaseTime,
      String workerId) {
    this.queue = queue;
    this.store = store;
    this.held = held;
    this.clock = clock;
    this.leaseTime = leaseTime;
    this.workerId = workerId;
  }

  /** Schedules the claim's next renewal. */
  void schedule(Claim claim) {
    claim.heartbeat = clock.schedule(leaseTime.dividedBy(3), () -> beat(claim));
  }

  private void beat(Claim claim) {
    if (claim.done) {
      return;
    }
    try {
      claim.lease = queue.renew(claim.lease, leaseTime);
      held.renewed(claim.lease);
      ExecutionRecord stored = store.find(claim.lease.executionId()).orElse(null);
      if (stored != null && stored.status() == ExecutionStatus.CANCELLED && !claim.cancelSeen) {
        claim.cancelSeen = true;
        claim.record = stored;
        claim.run.cancel();
      }
    } catch (StaleLeaseException e) {
      LOG.warn("worker {} lost its lease on execution {}; stopping it here", workerId, claim.lease);
      claim.run.abandon();
      return;
    } catch (RuntimeException e) {
      LOG.warn("worker {} cannot renew its lease on {}; trying again", workerId, claim.lease, e);
    }
    if (!claim.done) {
      schedule(claim);
    }
  }
}

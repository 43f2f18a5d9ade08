package dev.tyboo.internal.executor;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.time.Clock;

/** Moves the records of a worker's claims from status to status under their fencing tokens. */
final class ClaimStatuses {

  private final ExecutionStore store;
  private final Clock clock;

  ClaimStatuses(ExecutionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Moves the record to a status, re-reading on concurrent updates. A final status in the store (a
   * cancel from elsewhere) wins and is returned.
   */
  ExecutionRecord transition(Claim claim, ExecutionStatus status, String errorJson) {
    return transition(claim, status, errorJson, false);
  }

  /**
   * As {@link #transition(Claim, ExecutionStatus, String)}; {@code justFenced} skips the fence
   * write for the first try when the caller fenced the execution a moment ago.
   */
  ExecutionRecord transition(
      Claim claim, ExecutionStatus status, String errorJson, boolean justFenced) {
    ExecutionRecord rec = claim.record;
    boolean fenced = justFenced;
    while (true) {
      if (rec.status().isFinal() && rec.status() != status) {
        return rec;
      }
      try {
        ExecutionRecord next = rec.withStatus(status, clock.now(), errorJson);
        // the fence check and the write in one statement where the store can
        rec = fenced ? store.update(next) : store.updateFenced(next, claim.lease.fencingToken());
        fenced = false;
        claim.record = rec;
        return rec;
      } catch (ConcurrentUpdateException e) {
        fenced = false;
        rec = store.find(rec.id()).orElseThrow();
        claim.record = rec;
      }
    }
  }
}

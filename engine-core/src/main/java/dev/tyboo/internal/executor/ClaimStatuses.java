package dev.tyboo.internal.executor;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.spi.store.CombinedWrites;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.time.Clock;
import java.util.List;

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

  /**
   * Ends a claim's execution through combined writes: its last node runs, its end status and the
   * release of its work in one write, re-reading on concurrent updates. A final status in the store
   * (a cancel from elsewhere) wins: then only the node runs and the release are written.
   */
  ExecutionRecord end(
      Claim claim,
      CombinedWrites combined,
      List<NodeRunRecord> last,
      ExecutionStatus status,
      String errorJson) {
    ExecutionRecord rec = claim.record;
    while (true) {
      if (rec.status().isFinal() && rec.status() != status) {
        rec = combined.end(last, rec, claim.lease); // as it is stored, with its next revision
        claim.record = rec;
        return rec;
      }
      try {
        rec = combined.end(last, rec.withStatus(status, clock.now(), errorJson), claim.lease);
        claim.record = rec;
        return rec;
      } catch (ConcurrentUpdateException e) {
        rec = store.find(rec.id()).orElseThrow();
        claim.record = rec;
      }
    }
  }
}

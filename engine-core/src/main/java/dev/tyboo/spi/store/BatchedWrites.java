package dev.tyboo.spi.store;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;

/**
 * An optional capability of an {@link ExecutionStore}: the writes of a durable worker's hot path in
 * fewer round trips. A claim's first write ({@link #begin}) and a group of checkpoints from many
 * concurrent runs ({@link #checkpointAll}, a group commit). A store that does not implement it gets
 * the same outcome composed from its {@link ExecutionStore} methods: call {@link #beginOn} and
 * {@link #checkpointAllOn}, which use the capability when the store has it. The contract test
 * {@code ExecutionStoreContract} checks both through them.
 */
public interface BatchedWrites {

  /**
   * Begins a new holder's claim: {@link ExecutionStore#fence fences} the execution, moves it to
   * {@code RUNNING} when asked (as {@link ExecutionStore#update} would, with the next revision; a
   * final status stays: a cancel from elsewhere wins) and reads its node runs, in one round trip
   * where the store can.
   *
   * @param id the execution
   * @param fencingToken the new holder's token
   * @param now the time of the status change
   * @param markRunning whether to move the execution to {@code RUNNING}
   * @return the record as stored and its node runs
   * @throws dev.tyboo.error.StaleLeaseException when a newer token was already announced (nothing
   *     written)
   * @throws dev.tyboo.error.ExecutionNotFoundException when there is no such execution
   */
  BegunExecution begin(ExecutionId id, long fencingToken, Instant now, boolean markRunning);

  /**
   * Records node runs of possibly many executions, each under its own writer's fencing token, and
   * commits them together: a group commit, one transaction for many concurrent writers. A run whose
   * token is stale, or whose execution is gone, is refused alone; the others are written. Runs of
   * one execution are written in list order.
   *
   * @param checkpoints the node runs and their tokens
   * @return the positions in {@code checkpoints} that were refused (empty when all were written)
   * @throws dev.tyboo.error.StorageException when the store failed: then none, some or all may have
   *     been written (a checkpoint replaces its earlier self, so writing them again is safe)
   */
  BitSet checkpointAll(List<FencedCheckpoint> checkpoints);

  /**
   * {@link #begin} on any store: its own when it has the capability, else {@link
   * ExecutionStore#fence}, {@link ExecutionStore#updateFenced} (re-reading after a concurrent
   * update) and {@link ExecutionStore#nodeRuns}.
   *
   * @param store the store
   * @param id the execution
   * @param fencingToken the new holder's token
   * @param now the time of the status change
   * @param markRunning whether to move the execution to {@code RUNNING}
   * @return the record as stored and its node runs
   */
  static BegunExecution beginOn(
      ExecutionStore store, ExecutionId id, long fencingToken, Instant now, boolean markRunning) {
    if (store instanceof BatchedWrites b) {
      return b.begin(id, fencingToken, now, markRunning);
    }
    ExecutionRecord rec = store.fence(id, fencingToken);
    while (markRunning && !rec.status().isFinal()) {
      try {
        rec = store.updateFenced(rec.withStatus(ExecutionStatus.RUNNING, now, null), fencingToken);
        break;
      } catch (ConcurrentUpdateException e) {
        rec = store.find(id).orElseThrow(() -> new ExecutionNotFoundException(id.value()));
      }
    }
    return new BegunExecution(rec, store.nodeRuns(id));
  }

  /**
   * {@link #checkpointAll} on any store: its own when it has the capability, else {@link
   * ExecutionStore#checkpoint} for each (no shared commit).
   *
   * @param store the store
   * @param checkpoints the node runs and their tokens
   * @return the positions that were refused
   */
  static BitSet checkpointAllOn(ExecutionStore store, List<FencedCheckpoint> checkpoints) {
    if (store instanceof BatchedWrites b) {
      return b.checkpointAll(checkpoints);
    }
    return checkpointEach(store, checkpoints);
  }

  /**
   * {@return the positions refused} when each checkpoint is written by itself through {@link
   * ExecutionStore#checkpoint}
   *
   * @param store the store
   * @param checkpoints the node runs and their tokens
   */
  static BitSet checkpointEach(ExecutionStore store, List<FencedCheckpoint> checkpoints) {
    BitSet refused = new BitSet();
    for (int i = 0; i < checkpoints.size(); i++) {
      FencedCheckpoint c = checkpoints.get(i);
      try {
        store.checkpoint(c.run(), c.fencingToken());
      } catch (StaleLeaseException | ExecutionNotFoundException e) {
        refused.set(i);
      }
    }
    return refused;
  }
}

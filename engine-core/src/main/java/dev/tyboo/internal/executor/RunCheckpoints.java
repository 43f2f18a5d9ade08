package dev.tyboo.internal.executor;

import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.spi.store.BatchedWrites;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.FencedCheckpoint;
import dev.tyboo.spi.store.NodeRunRecord;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the checkpoints of a durable worker's runs, through its {@link GroupCommit}.
 *
 * <ul>
 *   <li>Synchronous (the default): a node's checkpoint is committed before the node's successors
 *       start. The last node of a run, a sink with nothing else in flight, has none to hold up: its
 *       checkpoint is committed in the end's transaction (or before a hand-back).
 *   <li>Asynchronous ({@code CheckpointMode.ASYNCHRONOUS}): checkpoints are queued and the run
 *       carries on; a wait's checkpoint is still committed first (its resume token goes out), and
 *       every queued one is awaited before the end, a wait or a hand-back is recorded.
 * </ul>
 *
 * A checkpoint refused for a stale token stops the run (another worker holds the execution); one
 * that failed after three tries stops it and hands it back for later.
 */
final class RunCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(RunCheckpoints.class);

  private final ExecutionStore store;
  private final Checkpoints checkpoints;
  private final GroupCommit group;
  private final HeldExecutions held;
  private final ClaimTroubles troubles;
  private final String workerId;
  private final boolean asynchronous;
  private final Executor executor;

  RunCheckpoints(
      ExecutionStore store,
      Checkpoints checkpoints,
      GroupCommit group,
      HeldExecutions held,
      ClaimTroubles troubles,
      String workerId,
      boolean asynchronous,
      Executor executor) {
    this.store = store;
    this.checkpoints = checkpoints;
    this.group = group;
    this.held = held;
    this.troubles = troubles;
    this.workerId = workerId;
    this.asynchronous = asynchronous;
    this.executor = executor;
  }

  /**
   * Checkpoints node {@code i} of a run under its claim. {@return whether the claim still holds}
   */
  boolean checkpoint(Claim claim, ExecutionRun run, int i) {
    if (claim.lost) {
      return false;
    }
    NodeRunRecord rec = checkpoints.recordOf(run, i);
    boolean waits = run.state(i).status == NodeRunStatus.WAITING;
    if (!waits && asynchronous) {
      // forget those written cleanly: a long run keeps only what is still in flight
      for (CompletableFuture<Void> f;
          (f = claim.pending.peek()) != null && f.isDone() && !f.isCompletedExceptionally(); ) {
        claim.pending.remove(f);
      }
      claim.pending.add( // its outcome is applied off the writer's thread (a retry may sleep)
          group
              .submit(new FencedCheckpoint(rec, claim.lease.fencingToken()))
              .handleAsync(
                  (ok, failure) -> {
                    writtenBehind(claim, run, rec, ok, failure);
                    return null;
                  },
                  executor));
      return true;
    }
    if (!waits && run.plan().isSink(i) && run.lastInFlight()) {
      claim.deferred.add(rec); // the run ends next: its checkpoint goes with the end
      return true;
    }
    if (!awaitBehind(claim)) { // a wait's record follows everything before it
      return false;
    }
    return write(claim, run, rec);
  }

  /**
   * Waits for the checkpoints queued behind the run. {@return whether they were all written (else
   * the claim is lost or failed, and the run stopped)}
   */
  boolean awaitBehind(Claim claim) {
    for (CompletableFuture<Void> f; (f = claim.pending.peek()) != null; ) {
      if (!f.handle((v, e) -> e == null).join()) {
        claim.checkpointFailed = true; // its outcome could not even be applied (shutting down)
      }
      claim.pending.remove(f);
    }
    return !claim.lost && !claim.checkpointFailed;
  }

  private boolean write(Claim claim, ExecutionRun run, NodeRunRecord rec) {
    String what = "checkpointing node '" + rec.nodeId() + "' of execution " + run.id();
    held.storageCall(claim.lease, true);
    try {
      boolean ok;
      try {
        ok = group.write(new FencedCheckpoint(rec, claim.lease.fencingToken()));
      } catch (RuntimeException first) { // the group failed: try this one alone, a few times
        ThreeTries.run(
            what,
            () -> {
              store.checkpoint(rec, claim.lease.fencingToken());
              return null;
            },
            e -> e instanceof StaleLeaseException);
        ok = true;
      }
      if (!ok) {
        throw new StaleLeaseException(what + " refused: the lease was taken over");
      }
      return true;
    } catch (StaleLeaseException e) {
      lost(claim, run, e);
      return false;
    } catch (RuntimeException e) {
      failed(claim, run, rec, e);
      return false;
    } finally {
      held.storageCall(claim.lease, false);
    }
  }

  /**
   * Before the claim records its end, a wait or a hand-back, or a checkpoint that others depend on:
   * waits for what was queued behind and commits what was kept back. {@return whether all of it was
   * written (else the claim is lost or failed, and the run stopped)}
   */
  boolean settle(Claim claim) {
    if (!awaitBehind(claim)) {
      return false;
    }
    List<NodeRunRecord> kept = takeDeferred(claim);
    if (kept.isEmpty()) {
      return true;
    }
    ExecutionRun run = claim.run;
    for (NodeRunRecord rec : kept) {
      if (!write(claim, run, rec)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@return the checkpoints kept back for the claim's end, taken: the caller writes them in the
   * end's transaction}
   */
  List<NodeRunRecord> takeDeferred(Claim claim) {
    List<NodeRunRecord> kept = new ArrayList<>();
    for (NodeRunRecord r; (r = claim.deferred.poll()) != null; ) {
      kept.add(r);
    }
    return kept;
  }

  /**
   * Writes checkpoints of one claim in one call (within the caller's transaction, for the end).
   *
   * @throws StaleLeaseException when one is refused
   */
  void writeAll(Claim claim, List<NodeRunRecord> runs) {
    if (runs.isEmpty()) {
      return;
    }
    List<FencedCheckpoint> fenced = new ArrayList<>(runs.size());
    for (NodeRunRecord r : runs) {
      fenced.add(new FencedCheckpoint(r, claim.lease.fencingToken()));
    }
    BitSet refused = BatchedWrites.checkpointAllOn(store, fenced);
    if (!refused.isEmpty()) {
      throw new StaleLeaseException(
          "the last checkpoints of execution "
              + claim.lease.executionId()
              + " were refused: the lease was taken over");
    }
  }

  private void writtenBehind(
      Claim claim, ExecutionRun run, NodeRunRecord rec, Boolean ok, Throwable failure) {
    if (failure == null && Boolean.TRUE.equals(ok)) {
      return;
    }
    if (failure == null) {
      lost(
          claim,
          run,
          new StaleLeaseException("its checkpoint of node '" + rec.nodeId() + "' was refused"));
      run.abandon();
      return;
    }
    try { // the group failed: this one alone, a few times
      ThreeTries.run(
          "checkpointing node '" + rec.nodeId() + "' of execution " + run.id(),
          () -> {
            store.checkpoint(rec, claim.lease.fencingToken());
            return null;
          },
          e -> e instanceof StaleLeaseException);
    } catch (StaleLeaseException e) {
      lost(claim, run, e);
      run.abandon();
    } catch (RuntimeException e) {
      failed(claim, run, rec, e);
      run.abandon();
    }
  }

  private void lost(Claim claim, ExecutionRun run, StaleLeaseException e) {
    claim.lost = true;
    LOG.warn(
        "execution {} was taken over by another worker; {} stops it here ({})",
        run.id(),
        workerId,
        e.getMessage());
  }

  private void failed(Claim claim, ExecutionRun run, NodeRunRecord rec, RuntimeException e) {
    LOG.error(
        "cannot checkpoint node '{}' of execution {} (claim {}); handing it back for later",
        rec.nodeId(),
        run.id(),
        claim.lease.delivery(),
        e);
    troubles.failed(
        run.id(), "checkpointing node '" + rec.nodeId() + "' failed: " + e.getMessage());
    claim.checkpointFailed = true;
  }
}

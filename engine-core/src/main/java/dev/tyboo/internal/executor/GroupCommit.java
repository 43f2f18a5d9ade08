package dev.tyboo.internal.executor;

import dev.tyboo.spi.store.BatchedWrites;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.FencedCheckpoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit of checkpoints: the checkpoints of concurrent runs are gathered and written by one
 * {@link BatchedWrites#checkpointAll} call, one transaction, at most {@value #MAX_GROUP} at a time.
 * There is no timer: a checkpoint that arrives while no group is being written is written at once
 * (with whatever queued meanwhile), on the caller's thread when it waits for it; checkpoints that
 * arrive during a write go together in the next group. One writer alone waits for nobody.
 *
 * <p>A caller that led a write and whose own checkpoint is done hands the rest of the queue to a
 * task on the engine's executor, so that no run is held up writing other runs' checkpoints for
 * long. A stale fencing token refuses its own entry only; a store failure fails the whole group
 * (each caller then decides whether to try alone).
 */
final class GroupCommit {

  /** The most checkpoints one group writes. */
  static final int MAX_GROUP = 64;

  private final ExecutionStore store;
  private final Executor executor;
  private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  private static final class Entry {
    final FencedCheckpoint checkpoint;
    final CompletableFuture<Boolean> done = new CompletableFuture<>();

    Entry(FencedCheckpoint checkpoint) {
      this.checkpoint = checkpoint;
    }
  }

  GroupCommit(ExecutionStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  /**
   * Writes a checkpoint with the others pending, and waits until it is committed.
   *
   * @return {@code false} when its fencing token is stale (nothing written for it)
   * @throws RuntimeException what the store threw for the group it was in
   */
  boolean write(FencedCheckpoint checkpoint) {
    Entry mine = new Entry(checkpoint);
    queue.add(mine);
    if (writing.compareAndSet(false, true)) {
      drain(mine);
    }
    try {
      return mine.done.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Queues a checkpoint to be written in the background.
   *
   * @return completes with {@code true} once committed, {@code false} when its token is stale, or
   *     exceptionally with the store's failure
   */
  CompletableFuture<Boolean> submit(FencedCheckpoint checkpoint) {
    Entry e = new Entry(checkpoint);
    queue.add(e);
    if (writing.compareAndSet(false, true)) {
      handOn();
    }
    return e.done;
  }

  /**
   * Writes groups while holding the writer's role: until {@code mine} is done (then the rest goes
   * to a task), or, for a task ({@code mine == null}), until the queue is empty.
   */
  private void drain(Entry mine) {
    try {
      while (true) {
        List<Entry> group = new ArrayList<>();
        for (Entry e; group.size() < MAX_GROUP && (e = queue.poll()) != null; ) {
          group.add(e);
        }
        if (group.isEmpty()) {
          break;
        }
        writeGroup(group);
        if (mine != null && mine.done.isDone() && !queue.isEmpty()) {
          handOn(); // the role goes on to a task: this run carries on
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      release();
      throw e;
    }
    release();
  }

  private void writeGroup(List<Entry> group) {
    List<FencedCheckpoint> checkpoints = new ArrayList<>(group.size());
    for (Entry e : group) {
      checkpoints.add(e.checkpoint);
    }
    BitSet refused;
    try {
      refused = BatchedWrites.checkpointAllOn(store, checkpoints);
    } catch (RuntimeException | Error e) {
      for (Entry entry : group) {
        entry.done.completeExceptionally(e);
      }
      if (e instanceof Error error) {
        throw error;
      }
      return;
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).done.complete(!refused.get(i));
    }
  }

  /** Gives up the writer's role; takes it again if something queued meanwhile. */
  private void release() {
    writing.set(false);
    if (!queue.isEmpty() && writing.compareAndSet(false, true)) {
      handOn();
    }
  }

  /** Passes the writer's role (held) to a task; writes here when the executor refuses. */
  private void handOn() {
    try {
      executor.execute(() -> drain(null));
    } catch (RejectedExecutionException e) {
      drain(null); // shutting down: write what is queued now
    }
  }
}

package dev.tyboo.internal.executor;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.StorageUnavailableException;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.internal.checkpoint.ErrorJson;
import dev.tyboo.internal.checkpoint.ItemsJson;
import dev.tyboo.node.Item;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.Subscription;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.BatchedWrites;
import dev.tyboo.spi.store.BegunExecution;
import dev.tyboo.spi.store.CombinedWrites;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.Transactions;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The worker of a durable engine: a polling loop claims due work under a lease, one slot per
 * execution; each claim restores its execution from the checkpoints (finished nodes are not run
 * again), runs it through a {@link DurableRunBackend} that checkpoints every node before its
 * successors start, renews the lease while busy, and records the end or the wait. Claims that fail
 * are handed back with a growing delay, and given up (the execution fails, its work is dead-
 * lettered with the reason) after {@code maxDeliveries}.
 */
final class DurableWorker {

  private static final Logger LOG = LoggerFactory.getLogger(DurableWorker.class);

  /** The most work items one claim takes (never more than the free slots). */
  private static final int MAX_CLAIM_BATCH = 8;

  private final DurableExecutor executor;
  private final EngineRuntime rt;
  private final PlanCompiler plans;
  private final ExecutionStore store;
  private final WorkQueue queue;
  private final Transactions transactions;
  private final Checkpoints checkpoints;
  private final CheckpointOutputs checkpointOutputs;
  private final ChildExecutions children;
  private final String workerId;
  private final Duration leaseTime;
  private final Duration pollInterval;
  private final int maxActive;
  private final int maxDeliveries;
  private final boolean claimsWork;

  private final Semaphore slots;
  private final Map<ExecutionId, Claim> running = new ConcurrentHashMap<>();
  private final Set<ExecutionId> ending = ConcurrentHashMap.newKeySet();
  private final HeldExecutions held = new HeldExecutions();
  private final ClaimTroubles troubles;
  private final WorkflowGates gates = new WorkflowGates();
  private final HandBacks handBacks;
  private final Heartbeats heartbeats;
  private final RunCheckpoints runCheckpoints;
  private final ClaimStatuses statuses;
  private final CombinedWrites combined; // or null
  private final Thread loop;
  private volatile boolean closed;
  private volatile boolean wake;
  private volatile boolean starved; // the poll loop last found every slot busy
  private long lastWatchCheck; // poll thread only
  private volatile Subscription wakeups = Subscription.none();

  DurableWorker(
      DurableExecutor executor,
      EngineRuntime rt,
      PlanCompiler plans,
      Storage storage,
      Checkpoints checkpoints,
      CheckpointOutputs checkpointOutputs,
      ChildExecutions children,
      WorkerSettings settings) {
    this.executor = executor;
    this.rt = rt;
    this.plans = plans;
    this.store = storage.executions();
    this.queue = storage.queue();
    this.transactions = storage.transactions();
    this.checkpoints = checkpoints;
    this.checkpointOutputs = checkpointOutputs;
    this.children = children;
    this.workerId = settings.workerId();
    this.leaseTime = settings.leaseTime();
    this.pollInterval = settings.pollInterval();
    this.maxActive = settings.maxActive();
    this.maxDeliveries = settings.maxDeliveries();
    this.claimsWork = settings.claimsWork();
    this.slots = new Semaphore(maxActive);
    this.troubles = new ClaimTroubles(rt.clock);
    this.heartbeats = new Heartbeats(queue, store, held, rt.clock, leaseTime, workerId);
    this.handBacks =
        new HandBacks(
            this, storage.queue(), rt.clock, slots, held, troubles, pollInterval, maxDeliveries);
    this.statuses = new ClaimStatuses(store, rt.clock);
    this.combined = DurableExecutor.combinedWrites(storage);
    this.runCheckpoints =
        new RunCheckpoints(
            store,
            checkpoints,
            new GroupCommit(store, rt.executor),
            held,
            troubles,
            workerId,
            settings.asynchronousCheckpoints(),
            rt.executor);
    this.loop = Thread.ofPlatform().daemon().name("tyboo-worker-" + workerId).unstarted(this::poll);
  }

  /** Starts claiming work (including work whose lease expired: recovery). */
  void start() {
    wakeups = queue.onWorkAdded(this::signal); // other processes' new work, without waiting a poll
    loop.start();
  }

  /**
   * {@return how many executions run here now (a run whose end is being recorded no longer counts:
   * its watchers may have seen the end already)}
   */
  int activeCount() {
    int n = 0;
    for (Claim c : running.values()) {
      if (!c.done) {
        n++;
      }
    }
    return n;
  }

  /** {@return whether the execution holds a claim here now (running, or being given up)} */
  boolean runs(ExecutionId id) {
    return running.containsKey(id) || ending.contains(id);
  }

  /** {@return the run of the execution here, or {@code null}} */
  ExecutionRun runOf(ExecutionId id) {
    Claim claim = running.get(id);
    return claim == null ? null : claim.run;
  }

  /**
   * Stops claiming; lets running executions finish for up to {@code grace}, then abandons them to
   * the other workers (their state stays in the store; nothing is marked cancelled).
   *
   * @return whether none had to be abandoned
   */
  boolean shutdown(Duration grace) {
    closed = true;
    wakeups.close();
    LockSupport.unpark(loop);
    long deadline = System.nanoTime() + grace.toNanos();
    for (Claim c : running.values()) {
      if (c.run != null) {
        c.run.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    }
    boolean clean = running.isEmpty();
    for (Claim c : running.values()) {
      if (c.run != null) {
        c.run.abandon();
      }
    }
    try {
      loop.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return clean;
  }

  private void poll() {
    while (!closed) {
      boolean claimed = false;
      boolean drained = false; // the last claim found nothing: the queue has no due work now
      try {
        while (claimsWork && !closed) {
          int want = Math.min(slots.availablePermits(), MAX_CLAIM_BATCH);
          if (want <= 0 || !slots.tryAcquire(want)) {
            break;
          }
          List<Lease> leases;
          try {
            leases = queue.claim(workerId, leaseTime, want); // one round trip where it can
          } catch (RuntimeException | Error e) {
            slots.release(want); // a failed claim holds no slot
            throw e;
          }
          if (leases.size() < want) {
            slots.release(want - leases.size());
            drained = true; // fewer than asked: nothing else is due now
          }
          for (Lease l : leases) {
            claimed = true;
            if (!held.hold(l, rt.clock.now())) {
              slots.release(); // one slot per execution: this claim waits for the first to let go
              LOG.debug(
                  "execution {} is still held here; claim {} waits until it is let go",
                  l.executionId(),
                  l.delivery());
              continue;
            }
            rt.executor.execute(
                () -> {
                  try {
                    process(l);
                  } catch (RuntimeException | Error e) {
                    handBacks.claimFailed(l, e);
                  }
                });
          }
          if (drained) {
            break;
          }
        }
        if (!drained && claimsWork && !closed) { // every slot is busy: the next one freed wakes us
          starved = true;
          if (slots.availablePermits() > 0) {
            wake = true; // one freed meanwhile (stopClaim may not have seen starved yet)
          }
        }
        long now = System.nanoTime();
        if (now - lastWatchCheck >= pollInterval.toNanos()) { // not on every wake-up: one read each
          lastWatchCheck = now;
          executor.checkWatched();
        }
      } catch (RuntimeException e) {
        LOG.warn("worker {} cannot poll its queue; trying again: {}", workerId, e.toString());
      } catch (Error e) {
        if (closed) {
          return;
        }
        throw e;
      }
      if ((!claimed || drained) && !wake) { // claimed up to the slots' limit: look again at once
        LockSupport.parkNanos(pollInterval.toNanos());
      }
      wake = false;
    }
  }

  private void process(Lease lease) {
    ExecutionId id = lease.executionId();
    MDC.put("executionId", id.value());
    boolean began = false;
    try {
      troubles.claimed(id, lease.delivery());
      // no gate can hold it back (or it is given up): mark it running as it is fenced
      boolean markRunning = !gates.anyLimited() && lease.delivery() <= maxDeliveries;
      ExecutionRecord rec;
      List<NodeRunRecord> runs; // null: read with the restore
      try {
        try { // fence, mark, read: one round trip where the store can
          BegunExecution begun =
              BatchedWrites.beginOn(store, id, lease.fencingToken(), rt.clock.now(), markRunning);
          rec = begun.record();
          runs = begun.nodeRuns();
        } catch (StaleLeaseException | ExecutionNotFoundException | StorageUnavailableException e) {
          throw e;
        } catch (RuntimeException e) {
          // again apart: a failed fence (a locked row) is this claim's trouble, a failed read
          // (corrupt checkpoints) the execution's, which cannot run
          LOG.debug("beginning claim {} failed; fencing and reading apart", lease.workId(), e);
          markRunning = false;
          rec = store.fence(id, lease.fencingToken());
          runs = null;
        }
      } catch (StaleLeaseException e) {
        LOG.debug("execution {} has a newer holder; dropping lease {}", id, lease.workId());
        slots.release();
        return;
      } catch (ExecutionNotFoundException e) {
        queue.deadLetter(lease, "no execution " + id + " in the store");
        slots.release();
        return;
      } catch (StorageUnavailableException e) {
        handBacks.unreachable(lease, e); // the store failed, not the execution: try again later
        return;
      }
      if (rec.status().isFinal()) {
        troubles.ended(id);
        gates.ended(id);
        queue.complete(lease);
        slots.release();
        executor.ended(id);
        return;
      }
      if (lease.delivery() > maxDeliveries) {
        ending.add(id); // watchers wait for the dead letter, not just the FAILED status
        try {
          handBacks.giveUp(lease, rec);
        } finally {
          ending.remove(id);
        }
        return;
      }
      ExecutionPlan plan;
      NodeState[] restored;
      List<Item> input;
      try {
        plan = plans.plan(executor.workflow(rec.workflowName(), rec.workflowVersion()));
        restored = checkpoints.restore(plan, rec, runs != null ? runs : store.nodeRuns(id));
        input = ItemsJson.read(rec.inputJson());
      } catch (StorageUnavailableException e) {
        handBacks.unreachable(lease, e); // the store failed, not the execution: try again later
        return;
      } catch (RuntimeException e) {
        handBacks.unrunnable(rec, lease, e);
        return;
      }
      String gate = gates.enter(plan.workflow, id);
      if (gate == null) { // the workflow's executions in this engine are at its limit
        if (gates.firstHeldBack(id) && rt.hasListeners()) {
          rt.publish(new ExecutionEvent.ExecutionQueued(id, rec.workflowName(), rt.clock.now()));
        }
        try {
          if (markRunning) { // the first limited workflow met here: it does not run yet
            store.update(rec.withStatus(gates.heldStatus(restored), rt.clock.now(), null));
          }
          queue.reschedule(lease, rt.clock.now().plus(pollInterval)); // not a failed delivery
        } catch (RuntimeException e) {
          LOG.debug("cannot postpone execution {}; its lease will expire", id, e);
        }
        slots.release();
        return;
      }
      Claim claim = new Claim(lease, rec);
      claim.gate = gate;
      if (!markRunning) {
        ExecutionRecord runningRec;
        try {
          runningRec = statuses.transition(claim, ExecutionStatus.RUNNING, null, true);
        } catch (StaleLeaseException e) {
          stopClaim(claim);
          return;
        } catch (RuntimeException e) {
          leaveGate(claim); // the slot is freed where the failure is handled
          throw e;
        }
        if (runningRec.status().isFinal()) {
          queue.complete(lease);
          stopClaim(claim);
          executor.ended(id);
          return;
        }
      }
      ExecutionRun run =
          new ExecutionRun(
              rt,
              new DurableRunBackend(this, claim, checkpointOutputs, children),
              plan,
              id,
              rec.createdAt(),
              input,
              restored,
              r -> finished(claim, r),
              r -> false);
      run.describe(rec.workflowVersion(), rec.parentId(), lease.delivery());
      claim.run = run;
      running.put(id, claim);
      heartbeats.schedule(claim);
      LOG.debug("worker {} runs execution {} (delivery {})", workerId, id, lease.delivery());
      began = true;
      held.storageCall(lease, false);
      try {
        run.begin(true);
      } catch (RuntimeException | Error e) {
        // handled here, not rethrown: the slot may have been freed by the run's end already
        boolean unfinished = !claim.done;
        forget(claim);
        stopClaim(claim);
        handBacks.letGo(lease);
        LOG.error("worker {} could not run execution {}", workerId, id, e);
        if (unfinished) {
          troubles.failed(id, "starting its run failed: " + e);
          handBacks.handBack(claim.lease);
        }
      }
    } finally {
      if (!began) {
        handBacks.letGo(lease);
      }
      MDC.remove("executionId");
    }
  }

  /**
   * Checkpoints node {@code i} of a run under its claim. {@return whether the claim still holds}
   */
  boolean checkpoint(Claim claim, ExecutionRun run, int i) {
    if (!runCheckpoints.checkpoint(claim, run, i)) {
      return false;
    }
    NodeState st = run.state(i);
    if (st.status == NodeRunStatus.WAITING && st.child != null) {
      // the child may have ended before this wait was recorded: then nobody else resolves it
      store
          .find(st.child)
          .filter(c -> c.status().isFinal())
          .ifPresent(c -> children.resolveParent(c, executor.handle(c.id())));
    }
    return true;
  }

  /** Every node of the run waits: records the wait and lets the claim go. */
  void parked(Claim claim, ExecutionRun run) {
    try {
      park(claim, run);
    } finally {
      handBacks.letGo(claim.lease);
    }
  }

  private void park(Claim claim, ExecutionRun run) {
    stopClaim(claim);
    forget(claim);
    if (!runCheckpoints.settle(claim)) { // the wait is recorded after everything before it
      if (!claim.lost) {
        handBacks.releaseForOthers(claim);
      }
      return;
    }
    held.storageCall(claim.lease, true);
    Instant due = null;
    for (int i = 0; i < run.plan().size; i++) {
      NodeState st = run.state(i);
      if (st.status == NodeRunStatus.WAITING && st.wait != null && st.wait.until() != null) {
        due = due == null || st.wait.until().isBefore(due) ? st.wait.until() : due;
      }
    }
    try {
      ExecutionRecord rec = statuses.transition(claim, ExecutionStatus.WAITING, null);
      if (rec.status().isFinal()) {
        queue.complete(claim.lease);
        executor.ended(run.id());
      } else if (due != null) {
        queue.reschedule(claim.lease, due);
        wakeAt(due);
      } else {
        queue.complete(claim.lease);
      }
      troubles.progressed(run.id());
      LOG.debug("execution {} waits (due {}); {} lets it go", run.id(), due, workerId);
    } catch (StaleLeaseException e) {
      LOG.debug("execution {} parked after its lease was taken over", run.id());
    } catch (RuntimeException e) {
      LOG.error("cannot record that execution {} waits; its lease will expire", run.id(), e);
    }
  }

  private void wakeAt(Instant due) {
    Duration delay = Duration.between(rt.clock.now(), due);
    rt.clock.schedule(delay.isNegative() ? Duration.ZERO : delay, this::signal);
  }

  private void finished(Claim claim, ExecutionRun run) {
    held.storageCall(claim.lease, true);
    try {
      record(claim, run);
    } finally {
      forget(claim); // last: the poll loop's watchers must not see the end before its effects
      handBacks.letGo(claim.lease);
    }
  }

  private void record(Claim claim, ExecutionRun run) {
    stopClaim(claim);
    if (run.isAbandoned() || !runCheckpoints.awaitBehind(claim)) {
      if (!claim.lost) { // stopped here (shutting down, a failed checkpoint): keep what finished
        runCheckpoints.settle(claim);
        handBacks.releaseForOthers(claim);
      }
      return;
    }
    ExecutionStatus end = run.status();
    try {
      List<NodeRunRecord> last = runCheckpoints.takeDeferred(claim);
      for (int i = 0; i < run.plan().size; i++) {
        if (run.state(i).status == NodeRunStatus.CANCELLED) {
          last.add(checkpoints.cancelledRecord(run, i));
        }
      }
      NodeExecutionException failure = run.failure();
      String errorJson =
          end == ExecutionStatus.FAILED && failure != null ? ErrorJson.write(failure) : null;
      ExecutionRecord rec =
          ThreeTries.run(
              "recording the end of execution " + run.id(),
              () ->
                  combined != null // the last checkpoints, the end, the release: together
                      ? statuses.end(claim, combined, last, end, errorJson)
                      : transactions.inTransaction(
                          () -> {
                            runCheckpoints.writeAll(claim, last);
                            ExecutionRecord ended = statuses.transition(claim, end, errorJson);
                            queue.complete(claim.lease);
                            return ended;
                          }),
              e -> e instanceof StaleLeaseException);
      troubles.ended(run.id()); // once its end is written: a failed end is trouble, too
      executor.afterEnd(rec, run.view());
    } catch (StaleLeaseException e) {
      LOG.warn("execution {} ended here after its lease was taken over; not recorded", run.id());
    } catch (RuntimeException e) { // as a failed checkpoint: handed back, with a growing delay
      LOG.error("cannot record the end of execution {}; handing it back for later", run.id(), e);
      troubles.failed(run.id(), "recording its end failed: " + e.getMessage());
      claim.checkpointFailed = true;
      handBacks.releaseForOthers(claim);
    }
  }

  private void leaveGate(Claim claim) {
    String gate = claim.gate;
    claim.gate = "";
    if (!gate.isEmpty()) {
      gates.leave(gate);
      signal(); // the next execution of that workflow may run now
    }
  }

  private void stopClaim(Claim claim) {
    if (!claim.done) {
      claim.done = true;
      slots.release();
      if (starved) { // the poll loop found no free slot: this one may take queued work now
        starved = false;
        signal();
      }
      leaveGate(claim);
    }
    Clock.Timer hb = claim.heartbeat;
    if (hb != null) {
      hb.cancel();
    }
  }

  private void forget(Claim claim) {
    if (claim.run != null) {
      running.remove(claim.run.id(), claim);
    }
  }

  /** {@return how this worker moves its claims' records from status to status} */
  ClaimStatuses statuses() {
    return statuses;
  }

  /** Wakes the polling loop: there is work, or a free slot, now. */
  void signal() {
    wake = true;
    LockSupport.unpark(loop);
  }

  /** {@return this worker's lease-owner name} */
  String id() {
    return workerId;
  }

  /** Completes the watchers of an execution that ended. */
  void ended(ExecutionId id) {
    executor.ended(id);
  }

  /** {@return what durable work this worker is stuck on now} */
  DurableTroubles troubles() {
    return new DurableTroubles(
        troubles.failing(), troubles.stuck(), held.blocked(leaseTime), maxActive);
  }

  /** {@return the execution store this worker writes to} */
  ExecutionStore store() {
    return store;
  }
}

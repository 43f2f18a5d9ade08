package dev.tyboo.internal.executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.EngineClosedException;
import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.StorageUnavailableException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.error.WorkflowDefinitionException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.internal.checkpoint.ErrorJson;
import dev.tyboo.internal.checkpoint.ItemsJson;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.PortSpec;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.Subscription;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.StoredWorkflow;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The durable side of an engine: executions live in a {@link Storage}; a polling loop claims due
 * work from the queue under a lease, restores the execution from its checkpoints (finished nodes
 * are not run again), runs it, checkpoints every node before its successors start, renews the lease
 * while busy, and records the end. An execution that only waits is written back as {@code WAITING}
 * and let go; its due time or a resume queues it again.
 */
public final class DurableExecutor implements Executor {

  private static final Logger LOG = LoggerFactory.getLogger(DurableExecutor.class);

  private final EngineRuntime rt;
  private final ExecutionCoordinator coordinator;
  private final Storage storage;
  private final ExecutionStore store;
  private final WorkQueue queue;
  private final NodeRegistry registry;
  private final String workerId;
  private final Duration leaseTime;
  private final Duration pollInterval;

  private final CheckpointOutputs checkpointOutputs;
  private final Checkpoints checkpoints;
  private final ChildExecutions children;
  private final EndedExecutions endedExecutions;
  private final int maxDeliveries;
  private final boolean claimsWork;

  private final Semaphore slots;
  private final Cache<String, Workflow> workflows =
      Caffeine.newBuilder().maximumSize(1_000).build();
  private final Map<ExecutionId, Claim> running = new ConcurrentHashMap<>();
  private final HeldExecutions held = new HeldExecutions();
  private final ClaimTroubles troubles;

  private final WorkflowGates gates = new WorkflowGates();

  private final int maxActive;
  private final Map<ExecutionId, CompletableFuture<Execution>> watched = new ConcurrentHashMap<>();
  private final Thread loop;
  private volatile boolean closed;
  private volatile boolean wake;
  private long lastWatchCheck; // poll thread only
  private volatile Subscription wakeups = Subscription.none();

  /**
   * Creates the durable executor; call {@link #startPolling()} to begin.
   *
   * @param rt the engine's shared services
   * @param coordinator compiles plans, runs in-memory parts
   * @param storage where executions live
   * @param registry resolves node types of stored workflows
   * @param workerId this engine's lease-owner name
   * @param leaseTime the lease time
   * @param pollInterval the idle polling interval
   * @param maxActive how many executions run here at once
   * @param spillThreshold outputs longer than this go to the binary store
   * @param maxOutputBytes the most JSON one node run's outputs may take
   * @param maxDeliveries how many claims of one execution without finishing before it fails
   * @param claimsWork whether this engine runs executions (else it only submits and watches)
   */
  public DurableExecutor(
      EngineRuntime rt,
      ExecutionCoordinator coordinator,
      Storage storage,
      NodeRegistry registry,
      String workerId,
      Duration leaseTime,
      Duration pollInterval,
      int maxActive,
      int spillThreshold,
      long maxOutputBytes,
      int maxDeliveries,
      boolean claimsWork) {
    this.rt = rt;
    this.coordinator = coordinator;
    this.storage = storage;
    this.store = storage.executions();
    this.queue = storage.queue();
    this.registry = registry;
    this.workerId = workerId;
    this.leaseTime = leaseTime;
    this.pollInterval = pollInterval;
    this.checkpointOutputs = new CheckpointOutputs(rt.binaryStore, spillThreshold, maxOutputBytes);
    this.checkpoints = new Checkpoints(store, rt.binaryStore, checkpointOutputs, rt.clock);
    this.children = new ChildExecutions(this, storage, checkpoints, rt.clock);
    this.endedExecutions = new EndedExecutions(this, storage, checkpoints, rt.clock);
    this.maxDeliveries = maxDeliveries;
    this.claimsWork = claimsWork;
    this.slots = new Semaphore(maxActive);
    this.maxActive = maxActive;
    this.troubles = new ClaimTroubles(rt.clock);
    if (!queue.capabilities().contains(WorkQueue.Capability.DELAYED_DELIVERY)) {
      throw new UnsupportedCapabilityException(
          "the work queue "
              + queue.getClass().getName()
              + " lacks DELAYED_DELIVERY, which a durable engine needs for waits and retries");
    }
    this.loop = Thread.ofPlatform().daemon().name("tyboo-worker-" + workerId).unstarted(this::poll);
  }

  /** Starts claiming work (including work whose lease expired: recovery). */
  public void startPolling() {
    wakeups = queue.onWorkAdded(this::signal); // other processes' new work, without waiting a poll
    loop.start();
  }

  // ---------------------------------------------------------------- submitting

  /**
   * Saves the workflow as a new version unless its latest version is identical.
   *
   * @param workflow a workflow without inline (lambda) nodes
   * @return the version that executions of it pin
   * @throws WorkflowDefinitionException when it has inline nodes
   */
  @Override
  public int deploy(Workflow workflow) {
    coordinator.prepare(workflow);
    for (Workflow body : coordinator.embedded(workflow)) {
      deploy(body); // saved with the workflow that holds it, so that every process finds it
    }
    String json = WorkflowJson.write(workflow); // refuses inline nodes, naming them
    Optional<StoredWorkflow> latest = storage.workflows().latest(workflow.name());
    StoredWorkflow stored =
        latest.isPresent() && latest.get().json().equals(json)
            ? latest.get()
            : storage.workflows().save(workflow.name(), json);
    workflows.asMap().putIfAbsent(key(workflow.name(), stored.version()), workflow);
    return stored.version();
  }

  /**
   * {@return a new execution of the workflow's latest version, queued}
   *
   * @param workflowName a deployed workflow
   * @param items its input items
   */
  public Execution start(String workflowName, List<Item> items) {
    return start(workflowName, items, Set.of());
  }

  /**
   * {@return a new execution of the latest version, queued, tagged with data subjects}
   *
   * @param workflowName the deployed workflow
   * @param items its input items
   * @param subjects data-subject ids, stored with the execution
   */
  public Execution start(String workflowName, List<Item> items, Set<String> subjects) {
    StoredWorkflow latest = latest(workflowName);
    return submit(workflowName, latest.version(), ItemsJson.write(items), null, null, subjects);
  }

  /**
   * {@return a new execution of the workflow, deployed (as a new version if it changed) and queued}
   *
   * @param workflow the workflow
   * @param items its input items
   */
  public Execution start(Workflow workflow, List<Item> items) {
    return start(workflow, items, Set.of());
  }

  /**
   * {@return a new execution of the workflow, deployed (as a new version if it changed), queued and
   * tagged with data subjects}
   *
   * @param workflow the workflow
   * @param items its input items
   * @param subjects data-subject ids, stored with the execution
   */
  @Override
  public Execution start(Workflow workflow, List<Item> items, Set<String> subjects) {
    int version = deploy(workflow);
    return submit(workflow.name(), version, ItemsJson.write(items), null, null, subjects);
  }

  StoredWorkflow latest(String workflowName) {
    return storage
        .workflows()
        .latest(workflowName)
        .orElseThrow(
            () ->
                new WorkflowNotFoundException(
                    workflowName, "no workflow named '" + workflowName + "' is deployed"));
  }

  Execution submit(
      String workflowName, int version, String inputJson, ExecutionId parent, String parentNode) {
    return submit(workflowName, version, inputJson, parent, parentNode, Set.of());
  }

  private Execution submit(
      String workflowName,
      int version,
      String inputJson,
      ExecutionId parent,
      String parentNode,
      Set<String> subjects) {
    if (closed) {
      throw new EngineClosedException(
          "the engine is shut down; cannot start workflow '" + workflowName + "'");
    }
    Instant now = rt.clock.now();
    ExecutionId id = ExecutionId.newId(now.toEpochMilli());
    ExecutionRecord rec =
        ExecutionRecord.newExecution(id, workflowName, version, inputJson, parent, parentNode, now);
    storage
        .transactions()
        .inTransaction(
            () -> {
              store.create(rec); // with its tags and its work, or not at all
              subjects.forEach(subject -> store.tagSubject(id, subject));
              return queue.enqueue(id, null);
            });
    signal();
    return handle(id);
  }

  /** {@return how many executions this engine holds claims on now} */
  @Override
  public int activeCount() {
    return running.size();
  }

  @Override
  public Execution startDeployed(String workflowName, List<Item> items, Set<String> subjects) {
    return start(workflowName, items, subjects);
  }

  @Override
  public Execution run(Workflow workflow, List<Item> items) {
    Execution execution = start(workflow, items, Set.of());
    execution.completion().join();
    return execution;
  }

  /**
   * {@return a view of a stored execution}
   *
   * @param id the execution
   */
  public Execution handle(ExecutionId id) {
    return new StoredExecution(this, id);
  }

  // ---------------------------------------------------------------- the polling loop

  void signal() {
    wake = true;
    LockSupport.unpark(loop);
  }

  private void poll() {
    while (!closed) {
      boolean claimed = false;
      try {
        while (claimsWork && !closed && slots.tryAcquire()) {
          Optional<Lease> lease = queue.claim(workerId, leaseTime);
          if (lease.isEmpty()) {
            slots.release();
            break;
          }
          claimed = true;
          Lease l = lease.get();
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
                  claimFailed(l, e);
                }
              });
        }
        long now = System.nanoTime();
        if (now - lastWatchCheck >= pollInterval.toNanos()) { // not on every wake-up: one read each
          lastWatchCheck = now;
          checkWatched();
        }
      } catch (RuntimeException e) {
        LOG.warn("worker {} cannot poll its queue; trying again: {}", workerId, e.toString());
      } catch (Error e) {
        if (closed) {
          return;
        }
        throw e;
      }
      if (!claimed && !wake) {
        LockSupport.parkNanos(pollInterval.toNanos());
      }
      wake = false;
    }
  }

  /** Completes the futures of executions that another process ended. */
  private void checkWatched() {
    for (Map.Entry<ExecutionId, CompletableFuture<Execution>> e : watched.entrySet()) {
      if (!running.containsKey(e.getKey())) {
        store.find(e.getKey()).filter(r -> r.status().isFinal()).ifPresent(r -> ended(e.getKey()));
      }
    }
  }

  CompletableFuture<Execution> completion(ExecutionId id) {
    CompletableFuture<Execution> f = watched.computeIfAbsent(id, k -> new CompletableFuture<>());
    if (!running.containsKey(id)) { // else its worker here completes it after the end's effects
      store.find(id).filter(r -> r.status().isFinal()).ifPresent(r -> ended(id));
    }
    return f;
  }

  private void ended(ExecutionId id) {
    CompletableFuture<Execution> f = watched.get(id);
    if (f == null) {
      return;
    }
    // a stale claim may report the end of an execution re-opened since: its next end completes it
    if (store.find(id).map(r -> !r.status().isFinal()).orElse(false)) {
      return;
    }
    if (watched.remove(id, f)) {
      f.complete(handle(id));
    }
  }

  // ---------------------------------------------------------------- running one claim

  private void process(Lease lease) {
    ExecutionId id = lease.executionId();
    MDC.put("executionId", id.value());
    boolean began = false;
    try {
      troubles.claimed(id, lease.delivery());
      try {
        store.fence(id, lease.fencingToken());
      } catch (StaleLeaseException e) {
        LOG.debug("execution {} has a newer holder; dropping lease {}", id, lease.workId());
        slots.release();
        return;
      } catch (ExecutionNotFoundException e) {
        queue.deadLetter(lease, "no execution " + id + " in the store");
        slots.release();
        return;
      }
      ExecutionRecord rec = store.find(id).orElseThrow();
      if (rec.status().isFinal()) {
        troubles.ended(id);
        gates.ended(id);
        queue.complete(lease);
        slots.release();
        ended(id);
        return;
      }
      if (lease.delivery() > maxDeliveries) {
        giveUp(lease, rec);
        return;
      }
      ExecutionPlan plan;
      NodeState[] restored;
      List<Item> input;
      try {
        plan = coordinator.plan(workflow(rec.workflowName(), rec.workflowVersion()));
        restored = checkpoints.restore(plan, rec);
        input = ItemsJson.read(rec.inputJson());
      } catch (StorageUnavailableException e) {
        unreachable(lease, e); // the store failed, not the execution: try again later
        return;
      } catch (RuntimeException e) {
        unrunnable(rec, lease, e);
        return;
      }
      String gate = gates.enter(plan.workflow, id);
      if (gate == null) { // the workflow's executions in this engine are at its limit
        if (gates.firstHeldBack(id) && rt.hasListeners()) {
          rt.publish(new ExecutionEvent.ExecutionQueued(id, rec.workflowName(), rt.clock.now()));
        }
        try {
          queue.reschedule(lease, rt.clock.now().plus(pollInterval)); // not a failed delivery
        } catch (RuntimeException e) {
          LOG.debug("cannot postpone execution {}; its lease will expire", id, e);
        }
        slots.release();
        return;
      }
      Claim claim = new Claim(lease, rec);
      claim.gate = gate;
      ExecutionRecord runningRec;
      try {
        runningRec = transition(claim, ExecutionStatus.RUNNING, null, true);
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
        ended(id);
        return;
      }
      ExecutionRun run =
          new ExecutionRun(
              rt,
              coordinator,
              plan,
              id,
              rec.createdAt(),
              input,
              restored,
              hooks(claim),
              r -> finished(claim, r),
              r -> false);
      run.describe(rec.workflowVersion(), rec.parentId());
      run.delivery(lease.delivery());
      claim.run = run;
      running.put(id, claim);
      scheduleHeartbeat(claim);
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
        letGo(lease);
        LOG.error("worker {} could not run execution {}", workerId, id, e);
        if (unfinished) {
          troubles.failed(id, "starting its run failed: " + e);
          handBack(claim.lease);
        }
      }
    } finally {
      if (!began) {
        letGo(lease);
      }
      MDC.remove("executionId");
    }
  }

  /**
   * A claim failed before its run began (a statement timed out on a locked row): remember why, and
   * hand the execution back with a growing delay; its deliveries count towards {@code
   * maxDeliveries}.
   */
  private void claimFailed(Lease lease, Throwable e) {
    LOG.error("worker {} cannot claim execution {}", workerId, lease.executionId(), e);
    troubles.failed(lease.executionId(), "claiming it failed: " + e);
    handBackLater(lease);
  }

  /** Hands work back with a delay that grows with its deliveries, and frees its slot. */
  private void handBackLater(Lease lease) {
    try {
      handBack(lease);
    } finally {
      slots.release();
    }
  }

  /** Hands work back with a delay that grows with its deliveries. */
  private void handBack(Lease lease) {
    try {
      queue.retryLater(lease, rt.clock.now().plus(backoff(lease.delivery())));
    } catch (RuntimeException again) {
      LOG.debug("cannot hand execution {} back; its lease will expire", lease, again);
    }
  }

  /** The execution's claim here has ended: hand back the claims of it that came in meanwhile. */
  private void letGo(Lease holder) {
    List<Lease> deferred = held.release(holder);
    for (Lease lease : deferred) {
      try {
        queue.retryLater(lease, rt.clock.now());
      } catch (RuntimeException e) {
        LOG.debug("cannot hand back {}; its lease will expire", lease, e);
      }
    }
    if (!deferred.isEmpty()) {
      signal();
    }
  }

  /**
   * {@return what durable work this engine is stuck on now}
   *
   * @see DurableTroubles
   */
  public DurableTroubles troubles() {
    return new DurableTroubles(
        troubles.failing(), troubles.stuck(), held.blocked(leaseTime), maxActive);
  }

  /**
   * Fails an execution claimed too often without finishing, and dead-letters its work. When even
   * that cannot be recorded (its row stays locked), the work is handed back with a growing delay,
   * to try again: the execution never ends without the reason stored with it.
   */
  private void giveUp(Lease lease, ExecutionRecord rec) {
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
      transition(
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
      ended(id);
    }
  }

  private void unreachable(Lease lease, StorageUnavailableException e) {
    LOG.warn(
        "execution {} cannot be restored now; trying again in {}: {}",
        lease.executionId(),
        pollInterval,
        e.getMessage());
    try {
      queue.retryLater(lease, rt.clock.now().plus(pollInterval));
    } catch (RuntimeException again) {
      LOG.debug("cannot postpone execution {}; its lease will expire", lease.executionId(), again);
    } finally {
      slots.release();
    }
  }

  private void unrunnable(ExecutionRecord rec, Lease lease, RuntimeException e) {
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

  Workflow workflow(String name, int version) {
    return workflows
        .asMap()
        .computeIfAbsent(
            key(name, version),
            k ->
                WorkflowJson.read(
                    storage
                        .workflows()
                        .find(name, version)
                        .orElseThrow(
                            () ->
                                new WorkflowNotFoundException(
                                    name, "workflow '" + name + "' has no version " + version))
                        .json(),
                    registry));
  }

  private static String key(String name, int version) {
    return name + "#" + version;
  }

  private RunHooks hooks(Claim claim) {
    return new RunHooks() {
      @Override
      public boolean checkpoint(ExecutionRun run, int node) {
        return DurableExecutor.this.checkpoint(claim, run, node);
      }

      @Override
      public void parked(ExecutionRun run) {
        DurableExecutor.this.parked(claim, run);
      }

      @Override
      public StoredOutputs encodeOutputs(
          ExecutionRun run, int node, Map<String, List<Item>> outputs) {
        return checkpointOutputs.encode(run.plan().ids[node], outputs);
      }

      @Override
      public ExecutionId startChild(
          ExecutionRun run, int node, String workflowName, List<Item> items) {
        return children.startChild(run, node, workflowName, items);
      }

      @Override
      public ExecutionId startChildren(
          ExecutionRun run, int node, String workflowName, List<List<Item>> batches) {
        return children.startChild(run, node, workflowName, batches.get(0));
      }
    };
  }

  private boolean checkpoint(Claim claim, ExecutionRun run, int i) {
    NodeState st = run.state(i);
    ExecutionPlan plan = run.plan();
    String outputs = null;
    String token = null;
    Instant resumeAt = null;
    switch (st.status) {
      case WAITING -> {
        Map<String, List<Item>> kept = new LinkedHashMap<>();
        kept.put(PortSpec.MAIN, st.wait.itemsWhenDue());
        List<List<Item>> batches = st.batches;
        if (batches != null) { // a run per batch: the worker needs them to start the next child
          for (int b = 0; b < batches.size(); b++) {
            kept.put(ChildExecutions.BATCH_PORT + b, batches.get(b));
          }
        }
        outputs = ItemsJson.writeOutputs(kept);
        token = st.resumeToken;
        resumeAt = st.wait.until();
      }
      case SUCCEEDED -> {
        if (st.stored == null) {
          outputs = ItemsJson.writeOutputs(st.outputs);
        }
      }
      case FAILED -> {
        if (plan.continueOnFail[i]) {
          outputs = ItemsJson.writeOutputs(st.outputs);
        }
      }
      default -> {}
    }
    NodeExecutionException error = st.status == NodeRunStatus.FAILED ? st.error : null;
    StoredOutputs stored =
        st.status == NodeRunStatus.SUCCEEDED && st.stored != null
            ? st.stored
            : checkpointOutputs.store(outputs);
    NodeRunRecord rec =
        new NodeRunRecord(
            run.id(),
            plan.ids[i],
            0,
            st.status,
            Math.max(st.attempts, 1),
            st.startedAt,
            st.status == NodeRunStatus.WAITING ? null : rt.clock.now(),
            stored.json(),
            stored.ref(),
            error == null ? null : ErrorJson.write(error),
            token,
            resumeAt);
    held.storageCall(claim.lease, true);
    try {
      ThreeTries.run(
          "checkpointing node '" + plan.ids[i] + "' of execution " + run.id(),
          () -> {
            store.checkpoint(rec, claim.lease.fencingToken());
            return null;
          },
          e -> e instanceof StaleLeaseException);
    } catch (StaleLeaseException e) {
      LOG.warn(
          "execution {} was taken over by another worker; {} stops it here ({})",
          run.id(),
          workerId,
          e.getMessage());
      return false;
    } catch (RuntimeException e) {
      LOG.error(
          "cannot checkpoint node '{}' of execution {} (claim {}); handing it back for later",
          plan.ids[i],
          run.id(),
          claim.lease.delivery(),
          e);
      troubles.failed(
          run.id(), "checkpointing node '" + plan.ids[i] + "' failed: " + e.getMessage());
      claim.checkpointFailed = true;
      return false;
    } finally {
      held.storageCall(claim.lease, false);
    }
    if (st.status == NodeRunStatus.WAITING && st.child != null) {
      // the child may have ended before this wait was recorded: then nobody else resolves it
      store
          .find(st.child)
          .filter(c -> c.status().isFinal())
          .ifPresent(c -> children.resolveParent(c, handle(c.id())));
    }
    return true;
  }

  private void parked(Claim claim, ExecutionRun run) {
    try {
      park(claim, run);
    } finally {
      letGo(claim.lease);
    }
  }

  private void park(Claim claim, ExecutionRun run) {
    stopClaim(claim);
    forget(claim);
    held.storageCall(claim.lease, true);
    Instant due = null;
    for (int i = 0; i < run.plan().size; i++) {
      NodeState st = run.state(i);
      if (st.status == NodeRunStatus.WAITING && st.wait != null && st.wait.until() != null) {
        due = due == null || st.wait.until().isBefore(due) ? st.wait.until() : due;
      }
    }
    try {
      ExecutionRecord rec = transition(claim, ExecutionStatus.WAITING, null);
      if (rec.status().isFinal()) {
        queue.complete(claim.lease);
        ended(run.id());
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
    if (!run.isAbandoned() && !claim.checkpointFailed) {
      troubles.ended(run.id());
    }
    held.storageCall(claim.lease, true);
    try {
      record(claim, run);
    } finally {
      forget(claim); // last: the poll loop's watchers must not see the end before its effects
      letGo(claim.lease);
    }
  }

  private void record(Claim claim, ExecutionRun run) {
    stopClaim(claim);
    if (run.isAbandoned()) {
      releaseForOthers(claim); // refused if the lease was taken over, which is fine
      return;
    }
    ExecutionStatus end = run.status();
    try {
      for (int i = 0; i < run.plan().size; i++) {
        if (run.state(i).status == NodeRunStatus.CANCELLED) {
          store.checkpoint(
              new NodeRunRecord(
                  run.id(),
                  run.plan().ids[i],
                  0,
                  NodeRunStatus.CANCELLED,
                  Math.max(run.state(i).attempts, 1),
                  run.state(i).startedAt,
                  rt.clock.now(),
                  null,
                  null,
                  null,
                  null,
                  null),
              claim.lease.fencingToken());
        }
      }
      NodeExecutionException failure = run.failure();
      ExecutionRecord rec =
          transition(
              claim,
              end,
              end == ExecutionStatus.FAILED && failure != null ? ErrorJson.write(failure) : null);
      queue.complete(claim.lease);
      afterEnd(rec, run);
    } catch (StaleLeaseException e) {
      LOG.warn("execution {} ended here after its lease was taken over; not recorded", run.id());
    } catch (RuntimeException e) {
      LOG.error("cannot record the end of execution {}; its lease will expire", run.id(), e);
    }
  }

  /** After an execution ended: wake its parent, start the error workflow, tell watchers. */
  private void afterEnd(ExecutionRecord rec, Execution view) {
    try {
      if (rec.parentId() != null) {
        children.resolveParent(rec, view);
      }
      if (rec.status() == ExecutionStatus.FAILED) {
        children.startErrorWorkflow(rec, view);
      }
    } finally {
      ended(rec.id()); // last: whoever awaits the end sees its consequences
    }
  }

  private void releaseForOthers(Claim claim) {
    try {
      queue.retryLater(
          claim.lease,
          claim.checkpointFailed
              ? rt.clock.now().plus(backoff(claim.lease.delivery()))
              : rt.clock.now());
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

  /**
   * Moves the record to a status, re-reading on concurrent updates. A final status in the store (a
   * cancel from elsewhere) wins and is returned.
   */
  private ExecutionRecord transition(Claim claim, ExecutionStatus status, String errorJson) {
    return transition(claim, status, errorJson, false);
  }

  /**
   * As {@link #transition(Claim, ExecutionStatus, String)}; {@code justFenced} skips the fence
   * write for the first try when the caller fenced the execution a moment ago.
   */
  private ExecutionRecord transition(
      Claim claim, ExecutionStatus status, String errorJson, boolean justFenced) {
    ExecutionRecord rec = claim.record;
    boolean fenced = justFenced;
    while (true) {
      if (rec.status().isFinal() && rec.status() != status) {
        return rec;
      }
      try {
        if (!fenced) {
          store.fence(rec.id(), claim.lease.fencingToken());
        }
        fenced = false;
        rec = store.update(rec.withStatus(status, rt.clock.now(), errorJson));
        claim.record = rec;
        return rec;
      } catch (ConcurrentUpdateException e) {
        rec = store.find(rec.id()).orElseThrow();
        claim.record = rec;
      }
    }
  }

  private void scheduleHeartbeat(Claim claim) {
    claim.heartbeat = rt.clock.schedule(leaseTime.dividedBy(3), () -> beat(claim));
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
      scheduleHeartbeat(claim);
    }
  }

  // ---------------------------------------------------------------- sub-workflows, error workflows

  // ---------------------------------------------------------------- operations on stored
  // executions

  ExecutionRecord record(ExecutionId id) {
    return store.find(id).orElseThrow(() -> new ExecutionNotFoundException(id.value()));
  }

  List<NodeRunRecord> nodeRuns(ExecutionId id) {
    return store.nodeRuns(id);
  }

  Map<String, List<Item>> outputsOf(NodeRunRecord r) {
    return checkpoints.outputs(r);
  }

  /**
   * {@return a node's state in a run of the execution in this process while it has no checkpoint
   * (running, retrying or skipped), or {@code null}}
   */
  NodeRun liveNodeRun(ExecutionId id, String nodeId) {
    Claim claim = running.get(id);
    ExecutionRun run = claim == null ? null : claim.run;
    if (run == null || run.isAbandoned()) {
      return null;
    }
    NodeRun live = run.nodeRun(nodeId);
    return live.status() == NodeRunStatus.PENDING ? null : live;
  }

  Workflow workflowOf(ExecutionRecord rec) {
    return workflow(rec.workflowName(), rec.workflowVersion());
  }

  Duration pollInterval() {
    return pollInterval;
  }

  /** {@return what can be done with its ended executions: resume, retry, rerun} */
  public EndedExecutions endedExecutions() {
    return endedExecutions;
  }

  /**
   * Ends a wait with items and queues the execution.
   *
   * @param token the waiting node's resume token
   * @param items what the node emits
   * @return the execution
   * @throws ResumeTokenException when no node waits for the token; nothing changed
   */
  @Override
  public Execution resume(String token, List<Item> items) {
    ExecutionId id = ResumeTokens.executionOf(token);
    String shown = ResumeTokens.abbreviate(token);
    ExecutionRecord rec =
        store
            .find(id)
            .orElseThrow(
                () ->
                    new ResumeTokenException(
                        "resume token '" + shown + "' names no stored execution"));
    if (rec.status().isFinal()) {
      throw new ResumeTokenException(
          "resume token '" + shown + "': execution " + id + " has ended (" + rec.status() + ")");
    }
    NodeRunRecord waiting =
        store.nodeRuns(id).stream()
            .filter(
                r ->
                    r.status() == NodeRunStatus.WAITING
                        && ResumeTokens.same(r.resumeToken(), token))
            .findFirst()
            .orElseThrow(
                () ->
                    new ResumeTokenException(
                        "no node of execution "
                            + id
                            + " waits for resume token '"
                            + shown
                            + "' (wrong token, already resumed, timed out or cancelled)"));
    NodeRunRecord done =
        checkpoints.finishedRecord(
            waiting, NodeRunStatus.SUCCEEDED, Map.of(PortSpec.MAIN, items), null, rt.clock.now());
    if (!children.resolveWaitAndQueue(waiting, done)) {
      throw new ResumeTokenException(
          "node '" + waiting.nodeId() + "' of execution " + id + " stopped waiting meanwhile");
    }
    signal();
    return handle(id);
  }

  /**
   * Cancels a stored execution, wherever it runs.
   *
   * @param id the execution
   * @return {@code false} when it had already ended
   * @throws ExecutionNotFoundException when there is no such execution
   */
  public boolean cancel(ExecutionId id) {
    Claim claim = running.get(id);
    if (claim != null && claim.run != null && claim.run.cancel()) {
      return true;
    }
    while (true) {
      ExecutionRecord rec = record(id);
      if (rec.status().isFinal()) {
        return false;
      }
      try {
        ExecutionRecord cancelled =
            store.update(rec.withStatus(ExecutionStatus.CANCELLED, rt.clock.now(), null));
        for (NodeRunRecord r : store.nodeRuns(id)) {
          if (r.status() == NodeRunStatus.WAITING
              && store.resolveWait(
                  checkpoints.finishedRecord(
                      r, NodeRunStatus.CANCELLED, null, null, rt.clock.now()))) {
            checkpoints.dropSpill(r);
          }
        }
        afterEnd(cancelled, handle(id));
        return true;
      } catch (ConcurrentUpdateException e) {
        // changed meanwhile: look again
      }
    }
  }

  /**
   * Stops claiming; lets running executions finish for up to {@code grace}, then abandons them to
   * the other workers (their state stays in the store; nothing is marked cancelled).
   *
   * @param grace how long to let them finish
   * @return whether none had to be abandoned
   */
  @Override
  public boolean shutdown(Duration grace) {
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
    // and whatever ran in memory beside the stored executions
    clean &= coordinator.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    return clean;
  }
}

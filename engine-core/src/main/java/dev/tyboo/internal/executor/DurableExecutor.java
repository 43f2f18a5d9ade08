package dev.tyboo.internal.executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.EngineClosedException;
import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.ExecutionStateException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.StorageException;
import dev.tyboo.error.StorageUnavailableException;
import dev.tyboo.error.UnknownNodeException;
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
import dev.tyboo.node.WaitRequest;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.Subscription;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.StoredWorkflow;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
public final class DurableExecutor {

  /** Output ports of a waiting node run's record that keep the batches of a run per batch. */
  private static final String BATCH_PORT = "$batch.";

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
  private final int maxDeliveries;
  private final boolean claimsWork;

  /** Why this process's last claim of an execution did not finish, for the dead letter's reason. */
  private final Map<ExecutionId, Failure> lastFailures = new ConcurrentHashMap<>();

  /**
   * Failures older than this are forgotten: the execution finished elsewhere, or was not retried.
   */
  private static final Duration FAILURE_MEMORY = Duration.ofMinutes(5);

  /** Why a claim did not finish, and when. */
  private record Failure(String reason, Instant at) {}

  private final Semaphore slots;
  private final Cache<String, Workflow> workflows =
      Caffeine.newBuilder().maximumSize(1_000).build();
  private final Map<ExecutionId, Claim> running = new ConcurrentHashMap<>();
  private final HeldExecutions held = new HeldExecutions();

  /** Running claims per workflow with a {@code maxConcurrentExecutions} limit. */
  private final Map<String, AtomicInteger> gates = new ConcurrentHashMap<>();

  /** Executions held back by such a limit, announced once as queued. */
  private final Set<ExecutionId> heldBack = ConcurrentHashMap.newKeySet();

  /** Executions claimed here at their {@link #STUCK_DELIVERY}th delivery or later, and when. */
  private final Map<ExecutionId, Failure> stuck = new ConcurrentHashMap<>();

  /** The delivery from which an execution counts as stuck: twice claimed without progress. */
  private static final int STUCK_DELIVERY = 3;

  private final int maxActive;
  private final Map<ExecutionId, CompletableFuture<Execution>> watched = new ConcurrentHashMap<>();
  private final Thread loop;
  private volatile boolean closed;
  private volatile boolean wake;
  private long lastWatchCheck; // poll thread only
  private final Object[] batchLocks = newLocks(32);
  private volatile Subscription wakeups = Subscription.none();

  /** One claimed execution. */
  private static final class Claim {
    volatile Lease lease;
    volatile ExecutionRecord record;
    volatile ExecutionRun run;
    volatile Clock.Timer heartbeat;
    volatile boolean done;
    volatile boolean cancelSeen;

    /** Its checkpoint failed: hand the execution back with a growing delay. */
    volatile boolean checkpointFailed;

    /** The workflow whose concurrency limit it counts against, or {@code ""}. */
    volatile String gate = "";

    Claim(Lease lease, ExecutionRecord record) {
      this.lease = lease;
      this.record = record;
    }
  }

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
    this.maxDeliveries = maxDeliveries;
    this.claimsWork = claimsWork;
    this.slots = new Semaphore(maxActive);
    this.maxActive = maxActive;
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
  public Execution start(Workflow workflow, List<Item> items, Set<String> subjects) {
    int version = deploy(workflow);
    return submit(workflow.name(), version, ItemsJson.write(items), null, null, subjects);
  }

  private StoredWorkflow latest(String workflowName) {
    return storage
        .workflows()
        .latest(workflowName)
        .orElseThrow(
            () ->
                new WorkflowNotFoundException(
                    workflowName, "no workflow named '" + workflowName + "' is deployed"));
  }

  private Execution submit(
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
  public int claimedCount() {
    return running.size();
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

  private void signal() {
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
      if (lease.delivery() >= STUCK_DELIVERY) {
        stuck.put(id, new Failure("claimed " + lease.delivery() + " times", rt.clock.now()));
      }
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
        lastFailures.remove(id);
        stuck.remove(id);
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
        restored = restore(plan, rec);
        input = ItemsJson.read(rec.inputJson());
      } catch (StorageUnavailableException e) {
        unreachable(lease, e); // the store failed, not the execution: try again later
        return;
      } catch (RuntimeException e) {
        unrunnable(rec, lease, e);
        return;
      }
      String gate = enterGate(plan.workflow);
      if (gate == null) { // the workflow's executions in this engine are at its limit
        if (heldBack.add(id) && rt.hasListeners()) {
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
      heldBack.remove(id);
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
      run.begin(true);
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
    lastFailures.put(lease.executionId(), new Failure("claiming it failed: " + e, rt.clock.now()));
    handBackLater(lease);
  }

  /** Hands work back with a delay that grows with its deliveries, and frees its slot. */
  private void handBackLater(Lease lease) {
    try {
      queue.retryLater(lease, rt.clock.now().plus(backoff(lease.delivery())));
    } catch (RuntimeException again) {
      LOG.debug("cannot hand execution {} back; its lease will expire", lease, again);
    } finally {
      slots.release();
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
    Instant cutoff = rt.clock.now().minus(FAILURE_MEMORY);
    lastFailures.values().removeIf(f -> f.at().isBefore(cutoff));
    stuck.values().removeIf(f -> f.at().isBefore(cutoff));
    return new DurableTroubles(
        lastFailures.size(), stuck.size(), held.blocked(leaseTime), maxActive);
  }

  /**
   * Fails an execution claimed too often without finishing, and dead-letters its work. When even
   * that cannot be recorded (its row stays locked), the work is handed back with a growing delay,
   * to try again: the execution never ends without the reason stored with it.
   */
  private void giveUp(Lease lease, ExecutionRecord rec) {
    ExecutionId id = rec.id();
    Failure last = lastFailures.get(id);
    String reason =
        "the engine claimed execution "
            + id
            + " "
            + (lease.delivery() - 1)
            + " times without finishing it (DurableOptions.maxDeliveries "
            + maxDeliveries
            + ")"
            + (last == null ? "" : "; last failure: " + last.reason());
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
    lastFailures.remove(id);
    stuck.remove(id);
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

  private Workflow workflow(String name, int version) {
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

  /** Rebuilds each checkpointed node's state; ends waits that fell due. */
  private NodeState[] restore(ExecutionPlan plan, ExecutionRecord rec) {
    NodeState[] states = new NodeState[plan.size];
    Instant now = rt.clock.now();
    for (NodeRunRecord r : store.nodeRuns(rec.id())) {
      Integer i = plan.indexById.get(r.nodeId());
      if (i == null || r.runIndex() != 0) {
        continue;
      }
      if (r.status() == NodeRunStatus.WAITING
          && r.resumeAt() != null
          && !r.resumeAt().isAfter(now)) {
        NodeRunRecord due = finishedRecord(r, NodeRunStatus.SUCCEEDED, outputs(r), null, now);
        if (store.resolveWait(due)) {
          dropSpill(r);
        } else {
          // resumed (or cancelled) at the same moment: take what was stored
          dropSpill(due);
          due = nodeRun(rec.id(), r.nodeId()).orElse(r);
        }
        r = due;
      }
      NodeState st = new NodeState();
      st.attempts = r.attempts();
      st.startedAt = r.startedAt();
      st.finishedAt = r.finishedAt();
      switch (r.status()) {
        case SUCCEEDED -> {
          st.outputs = outputs(r);
          st.status = NodeRunStatus.SUCCEEDED;
          st.restored = NodeState.FINISHED;
        }
        case FAILED -> {
          st.error = ErrorJson.read(r.errorJson(), rec.id().value());
          st.status = NodeRunStatus.FAILED;
          if (r.outputsJson() != null || r.outputsRef() != null) {
            st.outputs = outputs(r); // continued on its error output
            st.restored = NodeState.FINISHED;
          } else {
            st.restored = NodeState.FAILED;
          }
        }
        case WAITING -> {
          st.status = NodeRunStatus.WAITING;
          st.wait =
              new WaitRequest(r.resumeAt(), outputs(r).getOrDefault(PortSpec.MAIN, List.of()));
          st.resumeToken = r.resumeToken();
          st.restored = NodeState.WAITING;
        }
        default -> {
          continue; // PENDING, RUNNING, CANCELLED: runs (again), with the same idempotency key
        }
      }
      states[i] = st;
    }
    return states;
  }

  private Optional<NodeRunRecord> nodeRun(ExecutionId id, String nodeId) {
    return store.nodeRuns(id).stream()
        .filter(r -> r.nodeId().equals(nodeId) && r.runIndex() == 0)
        .findFirst();
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
        return DurableExecutor.this.startChild(run, node, workflowName, items);
      }

      @Override
      public ExecutionId startChildren(
          ExecutionRun run, int node, String workflowName, List<List<Item>> batches) {
        return DurableExecutor.this.startChild(run, node, workflowName, batches.get(0));
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
            kept.put(BATCH_PORT + b, batches.get(b));
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
      held.storageCall(claim.lease, false);
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
      lastFailures.put(
          run.id(),
          new Failure(
              "checkpointing node '" + plan.ids[i] + "' failed: " + e.getMessage(),
              rt.clock.now()));
      claim.checkpointFailed = true;
      return false;
    }
    if (st.status == NodeRunStatus.WAITING && st.child != null) {
      // the child may have ended before this wait was recorded: then nobody else resolves it
      store
          .find(st.child)
          .filter(c -> c.status().isFinal())
          .ifPresent(c -> resolveParent(c, handle(c.id())));
    }
    return true;
  }

  private Map<String, List<Item>> outputs(NodeRunRecord r) {
    if (r.outputsJson() != null) {
      return ItemsJson.readOutputs(r.outputsJson());
    }
    if (r.outputsRef() != null) {
      try (InputStream in =
          rt.binaryStore.open(
              new BinaryRef(r.outputsRef(), "outputs.json", "application/json", 0))) {
        return ItemsJson.readOutputs(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Map.of();
  }

  private NodeRunRecord finishedRecord(
      NodeRunRecord waiting,
      NodeRunStatus status,
      Map<String, List<Item>> outputs,
      NodeExecutionException error,
      Instant now) {
    StoredOutputs stored =
        checkpointOutputs.store(outputs == null ? null : ItemsJson.writeOutputs(outputs));
    return new NodeRunRecord(
        waiting.executionId(),
        waiting.nodeId(),
        waiting.runIndex(),
        status,
        waiting.attempts(),
        waiting.startedAt(),
        now,
        stored.json(),
        stored.ref(),
        error == null ? null : ErrorJson.write(error),
        null,
        null);
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
      stuck.remove(run.id()); // it made progress
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
      lastFailures.remove(run.id());
      stuck.remove(run.id());
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
        resolveParent(rec, view);
      }
      if (rec.status() == ExecutionStatus.FAILED) {
        startErrorWorkflow(rec, view);
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

  /**
   * {@return the workflow's name when one more of its executions may run here ({@code ""} when it
   * has no limit), or {@code null} at its {@code maxConcurrentExecutions}}
   */
  private String enterGate(Workflow workflow) {
    int limit = workflow.settings().maxConcurrentExecutions();
    if (limit == 0) {
      return "";
    }
    AtomicInteger n = gates.computeIfAbsent(workflow.name(), k -> new AtomicInteger());
    while (true) {
      int now = n.get();
      if (now >= limit) {
        return null;
      }
      if (n.compareAndSet(now, now + 1)) {
        return workflow.name();
      }
    }
  }

  private void leaveGate(Claim claim) {
    String gate = claim.gate;
    claim.gate = "";
    if (!gate.isEmpty()) {
      gates.get(gate).decrementAndGet();
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

  private ExecutionId startChild(
      ExecutionRun parent, int node, String workflowName, List<Item> items) {
    StoredWorkflow wf = latest(workflowName);
    ExecutionId childId = childId(parent.id(), parent.plan().ids[node], 0);
    createChild(childId, parent.id(), parent.plan().ids[node], workflowName, wf.version(), items);
    return childId;
  }

  /**
   * {@return the id of a parent node run's child: the same after a crash, so that the node run gets
   * one child (per batch)}
   */
  private static ExecutionId childId(ExecutionId parent, String nodeId, int batch) {
    String key = parent.value() + "/" + nodeId + "/0" + (batch == 0 ? "" : "/batch/" + batch);
    return ExecutionId.of(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
  }

  /** Creates and queues a child, or queues it again when an earlier attempt created it. */
  private void createChild(
      ExecutionId childId,
      ExecutionId parentId,
      String nodeId,
      String workflowName,
      int version,
      List<Item> items) {
    Optional<ExecutionRecord> existing = store.find(childId);
    if (existing.isEmpty()) {
      ExecutionRecord child =
          ExecutionRecord.newExecution(
              childId,
              workflowName,
              version,
              ItemsJson.write(items),
              parentId,
              nodeId,
              rt.clock.now());
      try {
        storage
            .transactions()
            .inTransaction(
                () -> {
                  store.create(child);
                  return queue.enqueue(childId, null);
                });
      } catch (StorageException e) {
        if (store.find(childId).isEmpty()) {
          throw e;
        }
        queue.enqueue(childId, null); // another attempt created it: queue it (again) to be sure
      }
    } else if (existing.get().status() == ExecutionStatus.QUEUED) {
      queue.enqueue(childId, null); // it may have been created just before a crash
    }
    signal();
  }

  /**
   * Ends a node's wait and queues its execution, both or neither (one transaction where the storage
   * has them), so that a crash in between cannot leave an ended wait that nobody continues.
   *
   * @return whether the node was still waiting
   */
  private boolean resolveWaitAndQueue(NodeRunRecord waiting, NodeRunRecord done) {
    boolean resolved =
        storage
            .transactions()
            .inTransaction(
                () -> {
                  if (!store.resolveWait(done)) {
                    return false;
                  }
                  queue.enqueue(done.executionId(), null);
                  return true;
                });
    dropSpill(resolved ? waiting : done);
    return resolved;
  }

  /**
   * Deletes the spilled outputs of a node-run record that was replaced (or never stored), so that
   * no copy of its items stays behind in the binary store. A failure only leaves the file behind.
   */
  private void dropSpill(NodeRunRecord unreferenced) {
    if (unreferenced.outputsRef() == null) {
      return;
    }
    try {
      rt.binaryStore.delete(
          new BinaryRef(unreferenced.outputsRef(), "outputs.json", "application/json", 0));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not delete the replaced spilled outputs {} of node '{}': {}",
          unreferenced.outputsRef(),
          unreferenced.nodeId(),
          e.toString());
    }
  }

  /**
   * Ends the parent node's wait with the child's result, once, and queues the parent; for a run per
   * batch, starts the next batch's child instead until the last has ended.
   */
  private void resolveParent(ExecutionRecord child, Execution view) {
    Optional<NodeRunRecord> waiting = nodeRun(child.parentId(), child.parentNodeId());
    if (waiting.isEmpty() || waiting.get().status() != NodeRunStatus.WAITING) {
      return; // not recorded as waiting yet: its checkpoint will look at the child
    }
    List<List<Item>> batches = batches(outputs(waiting.get()));
    if (!batches.isEmpty()) {
      advanceBatches(waiting.get(), child.parentId(), child.parentNodeId(), batches);
      return;
    }
    NodeExecutionException error = SubWorkflowResult.error(view, child.parentNodeId());
    if (error != null) {
      error.withContext(child.parentId().value(), child.parentNodeId(), waiting.get().attempts());
    }
    NodeRunRecord done =
        error == null
            ? finishedRecord(
                waiting.get(),
                NodeRunStatus.SUCCEEDED,
                Map.of(PortSpec.MAIN, SubWorkflowResult.items(view)),
                null,
                rt.clock.now())
            : finishedRecord(waiting.get(), NodeRunStatus.FAILED, null, error, rt.clock.now());
    if (resolveWaitAndQueue(waiting.get(), done)) {
      signal();
    }
  }

  private static Object[] newLocks(int n) {
    Object[] locks = new Object[n];
    for (int i = 0; i < n; i++) {
      locks[i] = new Object();
    }
    return locks;
  }

  private static List<List<Item>> batches(Map<String, List<Item>> waitOutputs) {
    List<List<Item>> batches = new ArrayList<>();
    for (int b = 0; waitOutputs.containsKey(BATCH_PORT + b); b++) {
      batches.add(waitOutputs.get(BATCH_PORT + b));
    }
    return batches;
  }

  /**
   * Looks at a run per batch's children in order: starts the first one missing (its predecessors
   * all succeeded), or ends the wait with the first failure, or with every result once the last
   * succeeded. Safe to call again and from several places: creation and the end of the wait happen
   * once.
   */
  private void advanceBatches(
      NodeRunRecord waiting, ExecutionId parentId, String nodeId, List<List<Item>> batches) {
    // a child's end and the parent's wait checkpoint may both get here at once: one at a time per
    // parent node in this process, so that the second sees the child the first created instead of
    // queueing it again (a second work item would run that batch twice)
    synchronized (
        batchLocks[Math.floorMod((parentId.value() + nodeId).hashCode(), batchLocks.length)]) {
      advanceBatchesLocked(waiting, parentId, nodeId, batches);
    }
  }

  private void advanceBatchesLocked(
      NodeRunRecord waiting, ExecutionId parentId, String nodeId, List<List<Item>> batches) {
    ExecutionRecord first = null;
    for (int b = 0; b < batches.size(); b++) { // statuses only: one record read per batch
      ExecutionId id = childId(parentId, nodeId, b);
      Optional<ExecutionRecord> rec = store.find(id);
      if (rec.isEmpty()) {
        if (first != null) { // the first child is created with the wait
          createChild(
              id, parentId, nodeId, first.workflowName(), first.workflowVersion(), batches.get(b));
        }
        return;
      }
      first = first == null ? rec.get() : first;
      if (!rec.get().status().isFinal()) {
        return; // still running: its end comes back here
      }
      if (rec.get().status() != ExecutionStatus.SUCCEEDED) {
        NodeExecutionException error = SubWorkflowResult.error(handle(id), nodeId);
        error.withContext(parentId.value(), nodeId, waiting.attempts());
        if (resolveWaitAndQueue(
            waiting, finishedRecord(waiting, NodeRunStatus.FAILED, null, error, rt.clock.now()))) {
          signal();
        }
        return;
      }
    }
    List<Item> results = new ArrayList<>(); // every batch succeeded: read the results once
    for (int b = 0; b < batches.size(); b++) {
      results.addAll(SubWorkflowResult.items(handle(childId(parentId, nodeId, b))));
    }
    if (resolveWaitAndQueue(
        waiting,
        finishedRecord(
            waiting,
            NodeRunStatus.SUCCEEDED,
            Map.of(PortSpec.MAIN, results),
            null,
            rt.clock.now()))) {
      signal();
    }
  }

  private void startErrorWorkflow(ExecutionRecord failed, Execution view) {
    String target;
    try {
      target = workflow(failed.workflowName(), failed.workflowVersion()).settings().errorWorkflow();
    } catch (RuntimeException e) {
      LOG.warn(
          "execution {} failed; its workflow does not load to find an error workflow: {}",
          failed.id(),
          e.getMessage());
      return;
    }
    if (target == null) {
      return;
    }
    target = TenantNames.qualify(failed.workflowName(), target);
    Item detail =
        ErrorWorkflowItem.of(
            failed.id(), failed.workflowName(), failed.workflowVersion(), failed.errorJson());
    try {
      Execution started = start(target, List.of(detail));
      LOG.info(
          "execution {} failed; started error workflow '{}' as {}",
          failed.id(),
          target,
          started.id());
    } catch (RuntimeException e) {
      LOG.error(
          "execution {} failed and its error workflow '{}' could not start",
          failed.id(),
          target,
          e);
    }
  }

  // ---------------------------------------------------------------- operations on stored
  // executions

  ExecutionRecord record(ExecutionId id) {
    return store.find(id).orElseThrow(() -> new ExecutionNotFoundException(id.value()));
  }

  List<NodeRunRecord> nodeRuns(ExecutionId id) {
    return store.nodeRuns(id);
  }

  Map<String, List<Item>> outputsOf(NodeRunRecord r) {
    return outputs(r);
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

  /**
   * Ends a wait with items and queues the execution.
   *
   * @param token the waiting node's resume token
   * @param items what the node emits
   * @return the execution
   * @throws ResumeTokenException when no node waits for the token; nothing changed
   */
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
        finishedRecord(
            waiting, NodeRunStatus.SUCCEEDED, Map.of(PortSpec.MAIN, items), null, rt.clock.now());
    if (!resolveWaitAndQueue(waiting, done)) {
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
                  finishedRecord(r, NodeRunStatus.CANCELLED, null, null, rt.clock.now()))) {
            dropSpill(r);
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
   * Re-opens a failed execution: its failed and cancelled nodes run again, finished ones keep their
   * outputs.
   *
   * @param id a failed execution
   * @return the execution, queued
   * @throws ExecutionStateException when it did not fail; nothing changed
   */
  public Execution resumeFromFailure(ExecutionId id) {
    ExecutionRecord rec = record(id);
    if (rec.status() != ExecutionStatus.FAILED) {
      throw new ExecutionStateException(
          id.value(),
          rec.status().name(),
          "execution "
              + id
              + " is "
              + rec.status()
              + ", not FAILED; only a failed execution resumes"
              + " from its failure");
    }
    Set<String> again = new HashSet<>();
    for (NodeRunRecord r : store.nodeRuns(id)) {
      boolean failedHere =
          r.status() == NodeRunStatus.FAILED && r.outputsJson() == null && r.outputsRef() == null;
      if (failedHere || r.status() == NodeRunStatus.CANCELLED) {
        again.add(r.nodeId());
      }
    }
    return reopen(rec, again);
  }

  /**
   * Re-opens an ended execution from a node: that node and every node after it run again; the
   * others keep their outputs.
   *
   * @param id an ended execution
   * @param fromNode the first node to run again
   * @return the execution, queued
   * @throws ExecutionStateException when it has not ended; nothing changed
   * @throws UnknownNodeException when its workflow has no such node; nothing changed
   */
  public Execution retry(ExecutionId id, String fromNode) {
    ExecutionRecord rec = record(id);
    if (!rec.status().isFinal()) {
      throw new ExecutionStateException(
          id.value(),
          rec.status().name(),
          "execution " + id + " is " + rec.status() + "; only an ended execution can be retried");
    }
    Workflow wf = workflowOf(rec);
    if (wf.nodes().stream().noneMatch(n -> n.id().equals(fromNode))) {
      throw new UnknownNodeException(
          fromNode,
          "workflow '"
              + wf.name()
              + "' (version "
              + rec.workflowVersion()
              + ") of execution "
              + id
              + " has no node '"
              + fromNode
              + "'");
    }
    Set<String> again = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(fromNode));
    while (!todo.isEmpty()) {
      String n = todo.poll();
      if (again.add(n)) {
        for (Connection c : wf.connections()) {
          if (c.from().equals(n)) {
            todo.add(c.to());
          }
        }
      }
    }
    return reopen(rec, again);
  }

  private Execution reopen(ExecutionRecord rec, Set<String> nodesToRun) {
    for (NodeRunRecord r : store.nodeRuns(rec.id())) {
      if (nodesToRun.contains(r.nodeId())) {
        store.checkpoint(
            new NodeRunRecord(
                r.executionId(),
                r.nodeId(),
                r.runIndex(),
                NodeRunStatus.PENDING,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null),
            ExecutionStore.UNFENCED);
        dropSpill(r);
      }
    }
    try {
      storage
          .transactions()
          .inTransaction(
              () -> {
                store.update(rec.withStatus(ExecutionStatus.QUEUED, rt.clock.now(), null));
                return queue.enqueue(rec.id(), null); // re-opened with its work, or not at all
              });
    } catch (ConcurrentUpdateException e) {
      ExecutionRecord now = record(rec.id());
      throw new ExecutionStateException(
          rec.id().value(),
          now.status().name(),
          "execution " + rec.id() + " changed while being re-opened; it is now " + now.status());
    }
    signal();
    return handle(rec.id());
  }

  /**
   * {@return a fresh execution with the same workflow version and input}
   *
   * @param id an execution
   */
  public Execution rerun(ExecutionId id) {
    ExecutionRecord rec = record(id);
    return submit(rec.workflowName(), rec.workflowVersion(), rec.inputJson(), null, null);
  }

  /**
   * Stops claiming; lets running executions finish for up to {@code grace}, then abandons them to
   * the other workers (their state stays in the store; nothing is marked cancelled).
   *
   * @param grace how long to let them finish
   * @return whether none had to be abandoned
   */
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
    return clean;
  }
}

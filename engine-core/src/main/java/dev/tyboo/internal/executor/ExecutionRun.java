package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.WaitRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.slf4j.MDC;

/**
 * One run of an execution, in memory or under a durable claim (its {@link RunBackend} says which).
 * Scheduling is lock-free: {@link RunDataflow} hands a node's outputs to its successors; the thread
 * that readies a node runs it, inline when it is the only successor ready, else on a new virtual
 * thread. {@code inFlight} counts node runs that are running, scheduled, retrying or waiting; when
 * it reaches 0 the run has ended, and when every one of them waits the run is parked. Attempts are
 * {@link NodeAttempts}'; what listeners and telemetry see is {@link RunEvents}'; what callers hold
 * is {@link LiveExecution}.
 */
public final class ExecutionRun {

  private final EngineRuntime rt;
  private final ExecutionPlan plan;
  private final ExecutionId id;
  private final List<Item> initialItems;
  private final Instant createdAt;
  private final RunDataflow dataflow;
  private final NodeState[] states;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<Execution> done = new CompletableFuture<>();
  private final LiveExecution view;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Consumer<ExecutionRun> onFinish;
  private final Predicate<ExecutionRun> dequeue;
  private final RunBackend backend;
  private final boolean durable;
  private final RunEvents events;
  private RunVariables variables; // created when an expression first asks (racy, idempotent)
  private final RunSecrets secrets = new RunSecrets();
  private volatile int delivery = 1;
  private boolean started; // guarded by this
  private boolean parked; // guarded by this
  private volatile boolean abandoned;
  private volatile ExecutionStatus status = ExecutionStatus.QUEUED;
  private volatile boolean stopping;
  private volatile boolean cancelled;
  private volatile NodeExecutionException failure;
  private volatile Instant finishedAt;
  private int workflowVersion = 1;
  private ExecutionId parentId;

  /** A new run of a plan. */
  ExecutionRun(
      EngineRuntime rt,
      RunBackend backend,
      ExecutionPlan plan,
      List<Item> initialItems,
      Consumer<ExecutionRun> onFinish,
      Predicate<ExecutionRun> dequeue) {
    this(rt, backend, plan, null, null, initialItems, null, onFinish, dequeue);
  }

  /**
   * A run, fresh or (on a durable back-end) carried on from {@code restored}: each node as its
   * checkpoint left it.
   */
  ExecutionRun(
      EngineRuntime rt,
      RunBackend backend,
      ExecutionPlan plan,
      ExecutionId id,
      Instant createdAt,
      List<Item> initialItems,
      NodeState[] restored,
      Consumer<ExecutionRun> onFinish,
      Predicate<ExecutionRun> dequeue) {
    this.rt = rt;
    this.backend = backend;
    this.durable = backend.durable();
    this.plan = plan;
    this.createdAt = createdAt != null ? createdAt : rt.clock.now();
    this.id = id != null ? id : ExecutionId.newId(this.createdAt.toEpochMilli());
    this.initialItems = initialItems;
    this.onFinish = onFinish;
    this.dequeue = dequeue;
    this.dataflow = new RunDataflow(this, plan, initialItems);
    this.states = new NodeState[plan.size];
    for (int i = 0; i < plan.size; i++) {
      states[i] = restored != null && restored[i] != null ? restored[i] : new NodeState();
    }
    this.events = new RunEvents(rt, plan, this.id);
    this.view = new LiveExecution(this);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Says what a durable run is before it begins (for telemetry and {@code NodeContext.delivery}).
   *
   * @param version the pinned workflow version
   * @param parent the parent execution, or {@code null}
   * @param claimNumber which claim of the execution this run is (the lease's delivery count)
   */
  void describe(int version, ExecutionId parent, int claimNumber) {
    this.workflowVersion = version;
    this.parentId = parent;
    this.delivery = claimNumber;
  }

  void announceQueued() {
    events.queued();
  }

  /**
   * Starts the root nodes. With {@code inline}, the first root runs on the calling thread (and
   * whatever follows it inline), so the call returns when that thread has nothing more to do.
   */
  void begin(boolean inline) {
    boolean cancelledWhileQueued;
    synchronized (this) {
      started = true;
      cancelledWhileQueued = cancelled;
      if (!cancelledWhileQueued) {
        status = ExecutionStatus.RUNNING;
      }
    }
    if (cancelledWhileQueued) {
      inFlight.set(1);
      release(); // admitted after a cancel that could not dequeue it: end it here
      return;
    }
    events.started(workflowVersion, parentId, durable, initialItems);
    inFlight.set(1); // the starter's token, handed to the first root
    int first = -1;
    for (int root : plan.roots) {
      if (first < 0) {
        first = root;
      } else {
        schedule(root);
      }
    }
    if (first < 0) {
      release();
    } else if (inline) {
      drive(first);
    } else {
      int node = first;
      submit(() -> drive(node), node);
    }
  }

  /** Ends an execution that never started (cancelled while queued, or refused at shutdown). */
  void finishWithoutRunning() {
    synchronized (this) {
      cancelled = true;
      stopping = true;
    }
    complete();
  }

  /** {@return whether the execution was admitted to run (and holds a slot of its limit)} */
  synchronized boolean wasStarted() {
    return started;
  }

  /** Runs a node on a thread of its own; it holds an in-flight token until it ends. */
  void schedule(int node) {
    inFlight.incrementAndGet();
    submit(() -> drive(node), node);
  }

  void submit(Runnable task, int node) {
    try {
      rt.executor.execute(task);
    } catch (RejectedExecutionException e) {
      // the engine is shutting down hard: this node will not run
      cancelled = true;
      stopping = true;
      finishNode(node, NodeRunStatus.CANCELLED);
      release();
    }
  }

  /** Runs a node, then whichever successor is handed back inline, until none is. */
  private void drive(int node) {
    carryOn(() -> startNode(node));
  }

  /**
   * Runs a first step that returns the next node to run inline (or -1), then keeps running
   * handed-back successors on this thread, with the execution's MDC keys set.
   */
  void carryOn(IntSupplier firstStep) {
    MDC.put("executionId", id.value());
    MDC.put("workflowId", plan.workflow.name());
    MDC.put("tenant", plan.tenant);
    try {
      int next = firstStep.getAsInt();
      while (next >= 0) {
        next = startNode(next);
      }
    } finally {
      MDC.remove("nodeId");
      MDC.remove("tenant");
      MDC.remove("workflowId");
      MDC.remove("executionId");
    }
  }

  /** Gives back a node's in-flight token; ends the run with the last one. {@return -1} */
  int release() {
    int left = inFlight.decrementAndGet();
    if (left == 0) {
      complete();
    } else if (left == waiting.get()) {
      checkParked();
    }
    return -1;
  }

  /** When every node still in flight waits, the execution waits: durably, the worker lets it go. */
  private void checkParked() {
    synchronized (this) {
      int w = waiting.get();
      if (parked || w == 0 || inFlight.get() != w || status.isFinal()) {
        return;
      }
      parked = true;
      status = ExecutionStatus.WAITING;
    }
    events.waiting();
    if (durable) {
      abandoned = true; // the store holds it from now on
      events.endTrace(ExecutionStatus.WAITING, null);
      backend.parked(this);
    }
  }

  private void complete() {
    if (abandoned) {
      events.endTrace(parked ? ExecutionStatus.WAITING : ExecutionStatus.RUNNING, null);
      try {
        onFinish.accept(this);
      } finally {
        done.complete(view);
      }
      return;
    }
    ExecutionStatus end =
        cancelled
            ? ExecutionStatus.CANCELLED
            : failure != null ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED;
    Instant now = rt.clock.now();
    finishedAt = now;
    status = end;
    NodeExecutionException failed = end == ExecutionStatus.FAILED ? failure : null;
    events.endTrace(end, failed);
    events.finished(createdAt, now, end, failed);
    try {
      onFinish.accept(this);
    } finally {
      done.complete(view);
    }
  }

  boolean isStopping() {
    return stopping;
  }

  // ---------------------------------------------------------------- one node

  private int startNode(int i) {
    NodeState st = states[i];
    if (st.restored != NodeState.FRESH) {
      return replay(i);
    }
    if (stopping) {
      return release(); // never started: stays PENDING
    }
    st.inputs = dataflow.inputsOf(i);
    return NodeAttempts.attempt(this, i, 1);
  }

  /** Takes a node's state from its checkpoint instead of running it. */
  private int replay(int i) {
    NodeState st = states[i];
    switch (st.restored) {
      case NodeState.FINISHED:
        return resolveOutputs(i, st.outputs);
      case NodeState.WAITING:
        return enterWait(i);
      default: // FAILED: a sub-workflow failed, or the failure was recorded just before a crash
        failWith(st.error);
        return release();
    }
  }

  /** Records a node's end (its outputs, if any, are recorded by whoever ends it). */
  void finishNode(int i, NodeRunStatus end) {
    NodeState st = states[i];
    if (rt.recordNodeRuns) {
      st.finishedAt = rt.clock.now();
    }
    st.current = null;
    st.status = end;
  }

  /**
   * Checkpoints a node when the run is durable.
   *
   * @return {@code false} when the lease was lost: the run stops, writing nothing more
   */
  boolean checkpoint(int i) {
    if (!durable) {
      return true;
    }
    if (abandoned) {
      return false;
    }
    if (backend.checkpoint(this, i)) {
      return true;
    }
    abandon();
    return false;
  }

  /**
   * Stops a durable run that lost its lease (or whose engine stops): running nodes are interrupted,
   * nothing more is written; another worker carries on from the checkpoints.
   */
  void abandon() {
    abandoned = true;
    stopping = true;
    cancelled = true;
    interruptAll();
  }

  /** {@return whether the node now finishing is the last in flight: a sink ends the run then} */
  boolean lastInFlight() {
    return inFlight.get() == 1;
  }

  boolean isAbandoned() {
    return abandoned;
  }

  // ---------------------------------------------------------------- waits

  /** Node {@code i} returned a wait: checkpoints it, then parks it. */
  int suspend(int i, WaitRequest wait, int number) {
    NodeState st = states[i];
    st.wait = wait;
    resumeToken(i);
    st.status = NodeRunStatus.WAITING;
    if (!checkpoint(i)) {
      return release();
    }
    events.nodeWaiting(i, number, wait, st.resumeToken);
    return enterWait(i);
  }

  /** Parks a node in its wait; it keeps its in-flight token until the wait ends. */
  private int enterWait(int i) {
    NodeState st = states[i];
    st.status = NodeRunStatus.WAITING;
    waiting.incrementAndGet();
    backend.waitEntered(this, i);
    st.resumable = true;
    checkParked();
    return -1;
  }

  /** Ends a node's in-memory wait with outputs (or a failure); {@return whether this ended it} */
  boolean endWait(int i, Map<String, List<Item>> outputs, NodeExecutionException error) {
    NodeState st = states[i];
    if (!st.waitEnded.compareAndSet(false, true)) {
      return false;
    }
    backend.waitLeft(this, i);
    synchronized (this) {
      waiting.decrementAndGet();
      parked = false;
      if (status == ExecutionStatus.WAITING) {
        status = ExecutionStatus.RUNNING;
      }
    }
    submit(
        () ->
            carryOn(
                () -> {
                  if (st.wait != null && st.wait.reentrant()) { // a suspension: record, run again
                    return SuspensionSteps.reenter(this, i, outputs, error);
                  }
                  if (error != null) {
                    return NodeAttempts.fail(this, i, st.attempts, error);
                  }
                  st.outputs = outputs;
                  st.error = null;
                  if (rt.recordNodeRuns) {
                    st.finishedAt = rt.clock.now();
                  }
                  st.status = NodeRunStatus.SUCCEEDED;
                  return resolveOutputs(i, outputs);
                }),
        i);
    return true;
  }

  /** Ends a node's wait as cancelled; no-op when it already ended. */
  void cancelWait(int i) {
    NodeState st = states[i];
    if (st.waitEnded.compareAndSet(false, true)) {
      backend.waitLeft(this, i);
      waiting.decrementAndGet();
      finishNode(i, NodeRunStatus.CANCELLED);
      release();
    }
  }

  /** {@return the node run's resume token, created on first use} */
  synchronized String resumeToken(int i) {
    NodeState st = states[i];
    if (st.resumeToken == null) {
      st.resumeToken = ResumeTokens.newToken(id);
    }
    return st.resumeToken;
  }

  /**
   * Hands a finished node's outputs to its successors.
   *
   * @param outputs the finished node's items per port
   * @return the successor to run inline (it inherits this node's token), or -1
   */
  int resolveOutputs(int src, Map<String, List<Item>> outputs) {
    return dataflow.resolve(src, outputs);
  }

  /** A node lost every input: it will not run. */
  void markSkipped(int i) {
    states[i].status = NodeRunStatus.SKIPPED;
    events.nodeSkipped(i);
  }

  // ---------------------------------------------------------------- what callers see

  /** {@return the execution as callers see it, live} */
  Execution view() {
    return view;
  }

  ExecutionId id() {
    return id;
  }

  ExecutionStatus status() {
    return status;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant finishedAt() {
    return finishedAt;
  }

  /** {@return the status once the run ended or {@code timeout} passed} */
  ExecutionStatus await(Duration timeout) {
    try {
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | ExecutionException e) {
      // the status tells
    }
    return status;
  }

  CompletableFuture<Execution> completion() {
    return done.copy();
  }

  /** Cancels the run: dequeued when it waits for admission, else its nodes are interrupted. */
  boolean cancel() {
    boolean queued;
    synchronized (this) {
      if (status.isFinal() || cancelled) {
        return false;
      }
      cancelled = true;
      stopping = true;
      queued = !started;
    }
    if (queued) {
      if (dequeue.test(this)) {
        complete();
      }
      return true;
    }
    interruptAll();
    return true;
  }

  private void interruptAll() {
    for (int i = 0; i < states.length; i++) {
      NodeState st = states[i];
      Attempt a = st.current;
      if (a != null) {
        a.interrupt();
      }
      NodeState.PendingRetry retry = st.pendingRetry;
      if (retry != null && retry.claim()) {
        retry.timer.cancel();
        finishNode(i, NodeRunStatus.CANCELLED);
        release();
      }
      if (st.status == NodeRunStatus.WAITING) {
        cancelWait(i);
      }
    }
  }

  /** {@return how many times the engine has claimed this execution, this claim included} */
  int delivery() {
    return delivery;
  }

  /** {@return what this run's expressions see besides the item} */
  RunVariables variables() {
    RunVariables v = variables;
    if (v == null) {
      v = new RunVariables(this);
      variables = v;
    }
    return v;
  }

  RunEvents events() {
    return events;
  }

  RunBackend backend() {
    return backend;
  }

  /** Records the execution's failure (the first one wins) and stops it. */
  void failWith(NodeExecutionException error) {
    synchronized (this) {
      if (failure == null) {
        failure = error;
      }
    }
    stopping = true;
  }

  /** {@return the credential values this run lent its nodes, to redact from failures} */
  RunSecrets secrets() {
    return secrets;
  }

  EngineRuntime runtime() {
    return rt;
  }

  ExecutionPlan plan() {
    return plan;
  }

  NodeState state(int i) {
    return states[i];
  }

  List<Item> initialItems() {
    return initialItems;
  }

  NodeExecutionException failure() {
    return failure;
  }
}

package dev.tyboo.internal.executor;

import dev.tyboo.error.ExecutionCancelledException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NodeTimeoutException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.internal.expression.ItemScope;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.PortSpec;
import dev.tyboo.spi.telemetry.ExecutionTrace;
import dev.tyboo.spi.telemetry.ExecutionTraceInfo;
import dev.tyboo.spi.telemetry.NodeTrace;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.slf4j.MDC;

/**
 * One execution, in memory. Scheduling is lock-free: each node counts its unresolved incoming
 * edges; the thread that resolves the last one runs the node, inline when it is the only successor
 * ready, else on a new virtual thread. {@code inFlight} counts node runs that are running or
 * scheduled; when it reaches 0 the execution has ended.
 */
public final class ExecutionRun implements Execution, ItemScope.ExecutionVariables {

  private static final Object SKIPPED = new Object();

  private final EngineRuntime rt;
  private final ExecutionPlan plan;
  private final ExecutionId id;
  private final List<Item> initialItems;
  private final Instant createdAt;
  private final Object[] edgeData;
  private final AtomicIntegerArray pending;
  private final NodeState[] states;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<Execution> done = new CompletableFuture<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Consumer<ExecutionRun> onFinish;
  private final Predicate<ExecutionRun> dequeue;
  private final ExecutionCoordinator coordinator;
  private final RunHooks hooks;
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
  private Map<String, Object> executionInfo;
  private volatile ExecutionTrace trace;
  private int workflowVersion = 1;
  private ExecutionId parentId;

  ExecutionRun(
      EngineRuntime rt,
      ExecutionCoordinator coordinator,
      ExecutionPlan plan,
      List<Item> initialItems,
      Consumer<ExecutionRun> onFinish,
      Predicate<ExecutionRun> dequeue) {
    this(rt, coordinator, plan, null, null, initialItems, null, null, onFinish, dequeue);
  }

  /**
   * A run; durable when {@code hooks} is set, in which case {@code restored} holds each node as its
   * checkpoint left it.
   */
  ExecutionRun(
      EngineRuntime rt,
      ExecutionCoordinator coordinator,
      ExecutionPlan plan,
      ExecutionId id,
      Instant createdAt,
      List<Item> initialItems,
      NodeState[] restored,
      RunHooks hooks,
      Consumer<ExecutionRun> onFinish,
      Predicate<ExecutionRun> dequeue) {
    this.rt = rt;
    this.coordinator = coordinator;
    this.plan = plan;
    this.createdAt = createdAt != null ? createdAt : rt.clock.now();
    this.id = id != null ? id : ExecutionId.newId(this.createdAt.toEpochMilli());
    this.initialItems = initialItems;
    this.hooks = hooks;
    this.onFinish = onFinish;
    this.dequeue = dequeue;
    this.edgeData = new Object[plan.edgeCount];
    this.pending = new AtomicIntegerArray(plan.inDegree);
    this.states = new NodeState[plan.size];
    for (int i = 0; i < plan.size; i++) {
      states[i] = restored != null && restored[i] != null ? restored[i] : new NodeState();
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Says what telemetry should know of a durable run before it begins.
   *
   * @param version the pinned workflow version
   * @param parent the parent execution, or {@code null}
   */
  void describe(int version, ExecutionId parent) {
    this.workflowVersion = version;
    this.parentId = parent;
  }

  private void startTrace() {
    ExecutionTrace t =
        rt.telemetry.executionStarted(
            new ExecutionTraceInfo(
                id,
                plan.workflow.name(),
                workflowVersion,
                plan.tenant,
                parentId,
                hooks != null,
                TraceHeaders.of(initialItems),
                rt.clock.now()));
    trace = t;
  }

  /** Ends this run's trace, once. */
  private void endTrace(ExecutionStatus as, Throwable error) {
    ExecutionTrace t;
    synchronized (this) {
      t = trace;
      trace = null;
    }
    if (t != null) {
      t.ended(as, error, rt.clock.now());
    }
  }

  void announceQueued() {
    if (rt.hasListeners()) {
      rt.publish(new ExecutionEvent.ExecutionQueued(id, plan.workflow.name(), rt.clock.now()));
    }
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
    if (rt.hasListeners()) {
      rt.publish(new ExecutionEvent.ExecutionStarted(id, plan.workflow.name(), rt.clock.now()));
    }
    if (rt.telemetry != null) {
      startTrace();
    }
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

  /**
   * {@return whether the execution was admitted to run (and so holds a slot of its workflow's
   * limit)}
   */
  synchronized boolean wasStarted() {
    return started;
  }

  private void schedule(int node) {
    inFlight.incrementAndGet();
    submit(() -> drive(node), node);
  }

  private void submit(Runnable task, int node) {
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
  private void carryOn(IntSupplier firstStep) {
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

  private int release() {
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
    if (rt.hasListeners()) {
      rt.publish(new ExecutionEvent.ExecutionWaiting(id, plan.workflow.name(), rt.clock.now()));
    }
    if (hooks != null) {
      abandoned = true; // the store holds it from now on
      endTrace(ExecutionStatus.WAITING, null);
      hooks.parked(this);
    }
  }

  private void complete() {
    if (abandoned) {
      endTrace(parked ? ExecutionStatus.WAITING : ExecutionStatus.RUNNING, null);
      try {
        onFinish.accept(this);
      } finally {
        done.complete(this);
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
    endTrace(end, end == ExecutionStatus.FAILED ? failure : null);
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.ExecutionFinished(
              id,
              plan.workflow.name(),
              now,
              end,
              Duration.between(createdAt, now),
              end == ExecutionStatus.FAILED ? failure : null));
    }
    try {
      onFinish.accept(this);
    } finally {
      done.complete(this);
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
    st.inputs = gatherInputs(i);
    return runAttempt(i, 1);
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
        synchronized (this) {
          if (failure == null) {
            failure = st.error;
          }
        }
        stopping = true;
        return release();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Item>[] gatherInputs(int i) {
    int[][] ports = plan.inEdges[i];
    List<Item>[] inputs = new List[ports.length];
    for (int p = 0; p < ports.length; p++) {
      int[] edges = ports[p];
      if (edges.length == 0) {
        inputs[p] = plan.inDegree[i] == 0 && p == 0 ? initialItems : List.of();
      } else if (edges.length == 1) {
        Object data = edgeData[edges[0]];
        inputs[p] = data == SKIPPED ? List.of() : (List<Item>) data;
      } else {
        List<Item> all = new ArrayList<>();
        for (int e : edges) {
          Object data = edgeData[e];
          if (data != SKIPPED) {
            all.addAll((List<Item>) data);
          }
        }
        inputs[p] = List.copyOf(all);
      }
    }
    return inputs;
  }

  private int runAttempt(int i, int number) {
    NodeState st = states[i];
    while (true) {
      if (stopping) {
        finishNode(i, NodeRunStatus.CANCELLED);
        return release();
      }
      Attempt attempt = new Attempt(this, number);
      st.attempts = number;
      st.status = NodeRunStatus.RUNNING;
      st.current = attempt;
      boolean timed = rt.recordNodeRuns || rt.hasListeners();
      Instant attemptStart = timed ? rt.clock.now() : null;
      if (number == 1 && rt.recordNodeRuns) {
        st.startedAt = attemptStart;
      }
      if (rt.hasListeners()) {
        rt.publish(
            new ExecutionEvent.NodeStarted(
                id, plan.workflow.name(), attemptStart, plan.ids[i], number));
      }
      ExecutionTrace executionTrace = trace;
      if (executionTrace != null) {
        attempt.trace =
            executionTrace.nodeStarted(
                plan.ids[i], plan.specs[i].type(), number, count(st.inputs), rt.clock.now());
      }
      Duration timeout = plan.timeout[i];
      Clock.Timer watchdog =
          timeout == null ? null : rt.clock.schedule(timeout, () -> onTimeout(i, attempt, timeout));

      NodeResult result = null;
      Throwable thrown = null;
      MDC.put("nodeId", plan.ids[i]);
      attempt.enter();
      boolean permit = false;
      try {
        if (rt.nodePermits != null) {
          rt.nodePermits.acquire();
          permit = true;
        }
        if (attempt.timedOut()) {
          return -1; // timed out before it began (e.g. waiting for a permit): the watchdog carries
          // on
        }
        result = plan.types[i].execute(new NodeRunContext(this, plan, i, attempt, st.inputs));
        if (result == null) {
          thrown =
              new NonRetryableNodeException(
                  "node type '" + plan.specs[i].type() + "' returned null instead of a NodeResult");
        }
      } catch (Throwable t) {
        thrown = t;
      } finally {
        if (permit) {
          rt.nodePermits.release();
        }
        attempt.leave();
      }
      if (!attempt.settle()) {
        return -1; // the timeout settled this attempt and carries the node on; drop this late
        // result
      }
      if (watchdog != null) {
        watchdog.cancel();
      }
      st.current = null;
      if (thrown == null) {
        thrown = checkPorts(i, result);
      }
      if (thrown == null && hooks != null && !result.isWait()) {
        try {
          st.stored = hooks.encodeOutputs(this, i, result.outputs());
        } catch (NodeExecutionException e) {
          thrown = e; // outputs the storage cannot take are the node's failure
        }
      }
      if (thrown == null) {
        if (attempt.trace != null) {
          attempt.trace.ended(
              result.isWait() ? NodeRunStatus.WAITING : NodeRunStatus.SUCCEEDED,
              count(result.outputs()),
              null,
              false,
              rt.clock.now());
        }
        return result.isWait()
            ? suspend(i, result.waitRequest(), number)
            : succeed(i, result, attemptStart, number);
      }
      NodeExecutionException error = classify(thrown, i, number);
      int retryDecision = afterFailure(i, number, error, attempt.trace);
      if (retryDecision != RETRY_NOW) {
        return retryDecision;
      }
      number++;
    }
  }

  private static final int RETRY_NOW = -2;

  private static int count(List<Item>[] ports) {
    int n = 0;
    for (List<Item> items : ports) {
      n += items.size();
    }
    return n;
  }

  private static int count(Map<String, List<Item>> outputs) {
    int n = 0;
    for (List<Item> items : outputs.values()) {
      n += items.size();
    }
    return n;
  }

  private void onTimeout(int i, Attempt attempt, Duration timeout) {
    if (!attempt.timeOut()) {
      return; // the node returned first
    }
    NodeExecutionException error =
        new NodeTimeoutException(timeout).withContext(id.value(), plan.ids[i], attempt.number);
    submit(
        () ->
            carryOn(
                () -> {
                  int next = afterFailure(i, attempt.number, error, attempt.trace);
                  return next == RETRY_NOW ? runAttempt(i, attempt.number + 1) : next;
                }),
        i);
  }

  private Throwable checkPorts(int i, NodeResult result) {
    for (String port : result.outputs().keySet()) {
      if (ExecutionPlan.indexOf(plan.outputPorts[i], port) < 0
          || port.equals(PortSpec.ERROR) && !plan.continueOnFail[i]) {
        return new NonRetryableNodeException(
            "node emitted items on port '"
                + port
                + "', which it does not have; its outputs are "
                + List.of(plan.outputPorts[i]));
      }
    }
    return null;
  }

  private NodeExecutionException classify(Throwable thrown, int i, int number) {
    NodeExecutionException e;
    if (thrown instanceof NodeExecutionException n) {
      e = n;
    } else if (thrown instanceof ExecutionCancelledException
        || thrown instanceof InterruptedException) {
      e = new RetryableNodeException("interrupted: " + thrown.getMessage(), thrown);
    } else if (thrown instanceof IOException
        || thrown instanceof UncheckedIOException
        || thrown instanceof TimeoutException) {
      e = new RetryableNodeException(thrown.toString(), thrown);
    } else {
      e = new NonRetryableNodeException(thrown.toString(), thrown);
    }
    if (!secrets.isEmpty()) {
      // before anything records, logs or publishes it: a server may echo a credential
      e.redact(secrets::redact);
    }
    return e.withContext(id.value(), plan.ids[i], number);
  }

  /**
   * {@return {@link #RETRY_NOW}, the next node to run inline, or -1}
   *
   * @param nodeTrace the attempt's trace, ended here, or {@code null}
   */
  private int afterFailure(int i, int number, NodeExecutionException error, NodeTrace nodeTrace) {
    NodeState st = states[i];
    st.error = error;
    if (stopping) {
      if (nodeTrace != null) {
        nodeTrace.ended(NodeRunStatus.CANCELLED, 0, error, false, rt.clock.now());
      }
      finishNode(i, NodeRunStatus.CANCELLED);
      return release();
    }
    boolean again = plan.retry[i].shouldRetry(error, number);
    if (nodeTrace != null) {
      nodeTrace.ended(NodeRunStatus.FAILED, 0, error, again, rt.clock.now());
    }
    if (again) {
      Duration delay = plan.retry[i].delayAfter(number, error, rt.random);
      plan.loggers[i].debug(
          "node '{}' attempt {} failed, retrying in {} ms: {}",
          plan.ids[i],
          number,
          delay.toMillis(),
          LogText.brief(error.detail()));
      if (rt.hasListeners()) {
        rt.publish(
            new ExecutionEvent.NodeRetrying(
                id, plan.workflow.name(), rt.clock.now(), plan.ids[i], number, delay, error));
      }
      if (delay.isZero()) {
        return RETRY_NOW;
      }
      NodeState.PendingRetry retry = new NodeState.PendingRetry();
      retry.timer =
          rt.clock.schedule(
              delay,
              () -> {
                if (retry.claim()) {
                  st.pendingRetry = null;
                  submit(() -> carryOn(() -> runAttempt(i, number + 1)), i);
                }
              });
      st.pendingRetry =
          retry; // published after the timer is set, so that cancel() can always cancel it
      if (stopping
          && retry.claim()) { // cancelled while scheduling: cancel() may not have seen this retry
        retry.timer.cancel();
        finishNode(i, NodeRunStatus.CANCELLED);
        return release();
      }
      return -1; // the timer holds this node's token
    }
    return fail(i, number, error);
  }

  private int fail(int i, int number, NodeExecutionException error) {
    NodeState st = states[i];
    boolean continued = plan.continueOnFail[i];
    finishNode(i, NodeRunStatus.FAILED);
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.NodeFailed(
              id, plan.workflow.name(), rt.clock.now(), plan.ids[i], number, error, continued));
    }
    if (continued) {
      plan.loggers[i].info(
          "node '{}' failed and continues on its error output: {}",
          plan.ids[i],
          LogText.brief(error.getMessage()));
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("message", error.detail());
      detail.put("type", error.getClass().getSimpleName());
      detail.put("node", plan.ids[i]);
      detail.put("attempt", number);
      if (error.itemIndex() >= 0) {
        detail.put("itemIndex", error.itemIndex());
      }
      Map<String, List<Item>> outputs =
          Map.of(PortSpec.ERROR, List.of(Item.of(Map.of("error", detail))));
      st.outputs = outputs;
      if (!checkpoint(i)) {
        return release();
      }
      return resolveOutputs(i, outputs);
    }
    plan.loggers[i].warn(
        "node '{}' failed; execution {} fails: {}",
        plan.ids[i],
        id,
        LogText.brief(error.getMessage()));
    synchronized (this) {
      if (failure == null) {
        failure = error;
      }
    }
    stopping = true;
    checkpoint(i);
    return release();
  }

  private void finishNode(int i, NodeRunStatus end) {
    NodeState st = states[i];
    if (rt.recordNodeRuns) {
      st.finishedAt = rt.clock.now();
    }
    st.current = null;
    st.status = end;
  }

  private int succeed(int i, NodeResult result, Instant attemptStart, int number) {
    NodeState st = states[i];
    Map<String, List<Item>> outputs = result.outputs();
    st.outputs = outputs;
    st.error = null;
    Instant now = attemptStart == null ? null : rt.clock.now();
    if (rt.recordNodeRuns) {
      st.finishedAt = now;
    }
    st.status = NodeRunStatus.SUCCEEDED;
    if (rt.hasListeners()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      outputs.forEach((port, items) -> counts.put(port, items.size()));
      rt.publish(
          new ExecutionEvent.NodeFinished(
              id,
              plan.workflow.name(),
              now,
              plan.ids[i],
              number,
              Duration.between(attemptStart, now),
              counts,
              outputs));
    }
    if (!checkpoint(i)) {
      return release();
    }
    return resolveOutputs(i, outputs);
  }

  /**
   * Checkpoints a node when the run is durable.
   *
   * @return {@code false} when the lease was lost: the run stops, writing nothing more
   */
  private boolean checkpoint(int i) {
    if (hooks == null || abandoned) {
      return hooks == null;
    }
    if (hooks.checkpoint(this, i)) {
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

  boolean isAbandoned() {
    return abandoned;
  }

  // ---------------------------------------------------------------- waits

  private int suspend(int i, dev.tyboo.node.WaitRequest wait, int number) {
    NodeState st = states[i];
    st.wait = wait;
    resumeToken(i);
    st.status = NodeRunStatus.WAITING;
    if (!checkpoint(i)) {
      return release();
    }
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.NodeWaiting(
              id,
              plan.workflow.name(),
              rt.clock.now(),
              plan.ids[i],
              number,
              wait.until(),
              st.resumeToken));
    }
    return enterWait(i);
  }

  /** Parks a node in its wait; it keeps its in-flight token until the wait ends. */
  private int enterWait(int i) {
    NodeState st = states[i];
    st.status = NodeRunStatus.WAITING;
    waiting.incrementAndGet();
    if (hooks == null) {
      coordinator.registerWait(st.resumeToken, this, i);
      dev.tyboo.node.WaitRequest wait = st.wait;
      if (wait.until() != null) {
        Duration delay = Duration.between(rt.clock.now(), wait.until());
        st.waitTimer =
            rt.clock.schedule(
                delay.isNegative() ? Duration.ZERO : delay,
                () -> endWait(i, Map.of(PortSpec.MAIN, wait.itemsWhenDue()), null));
      }
      Execution child = st.childRun;
      if (child != null && st.batches != null) {
        chainBatches(i, child, 0, new ArrayList<>());
      } else if (child != null) {
        child
            .completion()
            .thenAccept(
                c ->
                    endWait(
                        i,
                        Map.of(PortSpec.MAIN, SubWorkflowResult.items(c)),
                        SubWorkflowResult.error(c, plan.ids[i])));
      }
      if (stopping) {
        cancelWait(i);
      }
    }
    st.resumable = true;
    checkParked();
    return -1;
  }

  /**
   * Ends a node's in-memory wait with outputs (or a failure); no-op when it already ended.
   *
   * @return whether this call ended it
   */
  boolean endWait(int i, Map<String, List<Item>> outputs, NodeExecutionException error) {
    NodeState st = states[i];
    if (!st.waitEnded.compareAndSet(false, true)) {
      return false;
    }
    Clock.Timer timer = st.waitTimer;
    if (timer != null) {
      timer.cancel();
    }
    coordinator.unregisterWait(st.resumeToken);
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
                  if (error != null) {
                    return fail(i, st.attempts, error);
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

  private void cancelWait(int i) {
    NodeState st = states[i];
    if (st.waitEnded.compareAndSet(false, true)) {
      Clock.Timer timer = st.waitTimer;
      if (timer != null) {
        timer.cancel();
      }
      coordinator.unregisterWait(st.resumeToken);
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

  /** {@return the first child's id of a run per batch, started once per node run} */
  ExecutionId startChildren(int i, String workflowName, List<List<Item>> batches) {
    NodeState st = states[i];
    if (st.child != null) {
      return st.child;
    }
    st.batches = batches;
    st.batchWorkflow = workflowName;
    if (hooks != null) {
      st.child = hooks.startChildren(this, i, workflowName, batches);
    } else {
      Execution child = coordinator.startChild(workflowName, batches.get(0));
      st.childRun = child;
      st.child = child.id();
    }
    return st.child;
  }

  /** In memory: when batch {@code k}'s child ends, starts the next one, or ends the wait. */
  private void chainBatches(int i, Execution child, int k, List<Item> results) {
    child
        .completion()
        .thenAccept(
            c -> {
              NodeState st = states[i];
              NodeExecutionException error = SubWorkflowResult.error(c, plan.ids[i]);
              if (error != null) {
                endWait(i, Map.of(PortSpec.MAIN, List.of()), error);
                return;
              }
              results.addAll(SubWorkflowResult.items(c));
              if (k + 1 == st.batches.size()) {
                endWait(i, Map.of(PortSpec.MAIN, List.copyOf(results)), null);
                return;
              }
              if (st.waitEnded.get()) {
                return; // cancelled: the later batches do not run
              }
              Execution next;
              try {
                next = coordinator.startChild(st.batchWorkflow, st.batches.get(k + 1));
              } catch (RuntimeException e) {
                endWait(
                    i,
                    Map.of(PortSpec.MAIN, List.of()),
                    new dev.tyboo.error.NonRetryableNodeException(
                        "batch " + (k + 2) + " of " + st.batches.size() + " could not start: " + e,
                        e));
                return;
              }
              st.childRun = next;
              chainBatches(i, next, k + 1, results);
            });
  }

  /** {@return the child execution's id, started once per node run} */
  ExecutionId startChild(int i, String workflowName, List<Item> items) {
    NodeState st = states[i];
    if (st.child != null) {
      return st.child;
    }
    if (hooks != null) {
      st.child = hooks.startChild(this, i, workflowName, items);
    } else {
      Execution child = coordinator.startChild(workflowName, items);
      st.childRun = child;
      st.child = child.id();
    }
    return st.child;
  }

  /**
   * Hands a finished node's outputs to its edges; marks successors that lost every input as skipped
   * (and so on downstream); runs one ready successor inline and schedules the others.
   *
   * @param outputs the finished node's items per port; {@code null} when it was skipped
   * @return the successor to run inline (it inherits this node's token), or -1
   */
  private int resolveOutputs(int src, Map<String, List<Item>> outputs) {
    int next = -1;
    int[] skipped = null;
    int top = 0;
    int node = src;
    Map<String, List<Item>> outs = outputs;
    while (true) {
      ExecutionPlan.Edge[][] ports = plan.outEdges[node];
      for (int p = 0; p < ports.length; p++) {
        ExecutionPlan.Edge[] edges = ports[p];
        if (edges.length == 0) {
          continue;
        }
        Object data = SKIPPED;
        if (outs != null) {
          List<Item> items = outs.get(plan.outputPorts[node][p]);
          if (items != null && !items.isEmpty()) {
            data = items;
          }
        }
        for (ExecutionPlan.Edge e : edges) {
          edgeData[e.id()] = data;
          if (pending.decrementAndGet(e.target()) == 0) {
            if (hasData(e.target())) {
              if (next < 0 && !stopping) {
                next = e.target();
              } else if (!stopping) {
                schedule(e.target());
              }
            } else {
              markSkipped(e.target());
              if (skipped == null) {
                skipped = new int[plan.size];
              }
              skipped[top++] = e.target();
            }
          }
        }
      }
      if (top == 0) {
        break;
      }
      node = skipped[--top];
      outs = null;
    }
    return next >= 0 ? next : release();
  }

  private boolean hasData(int node) {
    for (int[] port : plan.inEdges[node]) {
      for (int e : port) {
        if (edgeData[e] != SKIPPED) {
          return true;
        }
      }
    }
    return false;
  }

  private void markSkipped(int i) {
    states[i].status = NodeRunStatus.SKIPPED;
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.NodeSkipped(id, plan.workflow.name(), rt.clock.now(), plan.ids[i]));
    }
  }

  // ---------------------------------------------------------------- Execution

  @Override
  public ExecutionId id() {
    return id;
  }

  @Override
  public Workflow workflow() {
    return plan.workflow;
  }

  @Override
  public ExecutionStatus status() {
    return status;
  }

  @Override
  public ExecutionStatus await(Duration timeout) {
    try {
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | ExecutionException e) {
      // the status tells
    }
    return status;
  }

  @Override
  public CompletableFuture<Execution> completion() {
    return done.copy();
  }

  @Override
  public boolean cancel() {
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

  boolean isCancelled() {
    return cancelled;
  }

  @Override
  public Optional<NodeExecutionException> error() {
    return status == ExecutionStatus.FAILED ? Optional.ofNullable(failure) : Optional.empty();
  }

  @Override
  public Instant createdAt() {
    return createdAt;
  }

  @Override
  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  @Override
  public Map<String, NodeRun> nodeRuns() {
    Map<String, NodeRun> runs = new LinkedHashMap<>();
    for (int i = 0; i < plan.size; i++) {
      runs.put(plan.ids[i], snapshot(i));
    }
    return java.util.Collections.unmodifiableMap(runs);
  }

  @Override
  public NodeRun nodeRun(String nodeId) {
    return snapshot(index(nodeId));
  }

  @Override
  public List<Item> output(String nodeId) {
    int i = index(nodeId);
    return states[i].outputs.getOrDefault(
        plan.outputPorts[i].length == 0 ? PortSpec.MAIN : plan.outputPorts[i][0], List.of());
  }

  @Override
  public Map<String, String> resumeTokens() {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 0; i < plan.size; i++) {
      if (states[i].status == NodeRunStatus.WAITING
          && states[i].resumable
          && states[i].resumeToken != null) {
        tokens.put(plan.ids[i], states[i].resumeToken);
      }
    }
    return java.util.Collections.unmodifiableMap(tokens);
  }

  private int index(String nodeId) {
    Integer i = plan.indexById.get(java.util.Objects.requireNonNull(nodeId, "nodeId"));
    if (i == null) {
      throw new IllegalArgumentException(
          "workflow '" + plan.workflow.name() + "' has no node '" + nodeId + "'");
    }
    return i;
  }

  private NodeRun snapshot(int i) {
    NodeState st = states[i];
    NodeRunStatus s = st.status;
    return new NodeRun(
        plan.ids[i], s, st.attempts, st.startedAt, st.finishedAt, st.outputs, st.error);
  }

  @Override
  public String toString() {
    return "Execution[" + id + ", workflow=" + plan.workflow.name() + ", " + status + "]";
  }

  // ---------------------------------------------------------------- expression variables

  @Override
  public ItemScope.NodeOutputs outputs() {
    return nodeId -> {
      Integer i = plan.indexById.get(nodeId);
      if (i == null) {
        return null;
      }
      NodeRunStatus s = states[i].status;
      if (s != NodeRunStatus.SUCCEEDED && s != NodeRunStatus.FAILED) {
        return null;
      }
      return plan.outputPorts[i].length == 0
          ? List.of()
          : states[i].outputs.getOrDefault(plan.outputPorts[i][0], List.of());
    };
  }

  @Override
  public Map<String, Object> vars() {
    return rt.vars;
  }

  @Override
  public Clock clock() {
    return rt.clock;
  }

  @Override
  public Map<String, Object> executionInfo() {
    Map<String, Object> info = executionInfo;
    if (info == null) {
      info = JsonValues.freezeObject(Map.of("id", id.value()), "$execution");
      executionInfo = info;
    }
    return info;
  }

  @Override
  public Map<String, Object> workflowInfo() {
    return plan.workflowInfo;
  }

  /** {@return how many times the engine has claimed this execution, this claim included} */
  int delivery() {
    return delivery;
  }

  /**
   * Records which claim of the execution this run is.
   *
   * @param claimNumber the lease's delivery count
   */
  void delivery(int claimNumber) {
    this.delivery = claimNumber;
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

  String workflowName() {
    return plan.workflow.name();
  }
}

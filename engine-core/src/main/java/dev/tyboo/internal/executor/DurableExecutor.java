package dev.tyboo.internal.executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.EngineClosedException;
import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.error.WorkflowDefinitionException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.internal.checkpoint.ItemsJson;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.PortSpec;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.CombinedWrites;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.StoredWorkflow;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private final PlanCompiler plans;
  private final Storage storage;
  private final ExecutionStore store;
  private final WorkQueue queue;
  private final CombinedWrites combined; // or null
  private final NodeRegistry registry;
  private final Duration pollInterval;

  private final CheckpointOutputs checkpointOutputs;
  private final Checkpoints checkpoints;
  private final ChildExecutions children;
  private final EndedExecutions endedExecutions;
  private final DurableWorker worker;

  private final Cache<String, Workflow> workflows =
      Caffeine.newBuilder().maximumSize(1_000).build();

  /** The version each workflow instance started here was saved as (weak keys: by identity). */
  private final Cache<Workflow, Integer> startedVersions =
      Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

  private final Map<ExecutionId, CompletableFuture<Execution>> watched = new ConcurrentHashMap<>();
  // re-opened here and not ended since: their next reported end may be a stale claim's
  private final Set<ExecutionId> reopened = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates the durable executor; call {@link #startPolling()} to begin.
   *
   * @param rt the engine's shared services
   * @param plans compiles the workflows it runs
   * @param storage where executions live
   * @param registry resolves node types of stored workflows
   * @param settings how its worker claims and runs work
   * @param spillThreshold outputs longer than this go to the binary store
   * @param maxOutputBytes the most JSON one node run's outputs may take
   */
  public DurableExecutor(
      EngineRuntime rt,
      PlanCompiler plans,
      Storage storage,
      NodeRegistry registry,
      WorkerSettings settings,
      int spillThreshold,
      long maxOutputBytes) {
    this.rt = rt;
    this.plans = plans;
    this.storage = storage;
    this.store = storage.executions();
    this.queue = storage.queue();
    this.combined = combinedWrites(storage);
    this.registry = registry;
    this.pollInterval = settings.pollInterval();
    if (!queue.capabilities().contains(WorkQueue.Capability.DELAYED_DELIVERY)) {
      throw new UnsupportedCapabilityException(
          "the work queue "
              + queue.getClass().getName()
              + " lacks DELAYED_DELIVERY, which a durable engine needs for waits and retries");
    }
    this.checkpointOutputs = new CheckpointOutputs(rt.binaryStore, spillThreshold, maxOutputBytes);
    this.checkpoints = new Checkpoints(store, rt.binaryStore, checkpointOutputs, rt.clock);
    this.children = new ChildExecutions(this, storage, checkpoints, rt.clock);
    this.endedExecutions = new EndedExecutions(this, storage, checkpoints, rt.clock);
    this.worker =
        new DurableWorker(
            this, rt, plans, storage, checkpoints, checkpointOutputs, children, settings);
  }

  /** Starts claiming work (including work whose lease expired: recovery). */
  public void startPolling() {
    worker.start();
  }

  /** Wakes the worker: there is work (or a free slot) now. */
  void signal() {
    worker.signal();
  }

  /**
   * {@return what durable work this engine is stuck on now}
   *
   * @see DurableTroubles
   */
  public DurableTroubles troubles() {
    return worker.troubles();
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
    for (Workflow body : plans.embedded(workflow)) {
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
    return start(workflowName, items, Set.of(), null);
  }

  /**
   * {@return a new execution of the latest version, queued, tagged with data subjects}
   *
   * @param workflowName the deployed workflow
   * @param items its input items
   * @param subjects data-subject ids, stored with the execution
   * @param deduplicationKey the start's deduplication key, or null
   */
  public Execution start(
      String workflowName, List<Item> items, Set<String> subjects, String deduplicationKey) {
    StoredWorkflow latest = latest(workflowName);
    return submit(
        workflowName,
        latest.version(),
        ItemsJson.write(items),
        null,
        null,
        subjects,
        deduplicationKey);
  }

  /**
   * {@return a new execution of the workflow, deployed (as a new version if it changed) and queued}
   *
   * @param workflow the workflow
   * @param items its input items
   */
  public Execution start(Workflow workflow, List<Item> items) {
    return start(workflow, items, Set.of(), null);
  }

  /**
   * {@return a new execution of the workflow, deployed (as a new version if it changed), queued and
   * tagged with data subjects}
   *
   * @param workflow the workflow
   * @param items its input items
   * @param subjects data-subject ids, stored with the execution
   * @param deduplicationKey the start's deduplication key, or null
   */
  @Override
  public Execution start(
      Workflow workflow, List<Item> items, Set<String> subjects, String deduplicationKey) {
    // a workflow instance started again runs the version saved for it the first time: the same
    // definition, without asking the store for the latest version on every start
    Integer known = startedVersions.getIfPresent(workflow);
    int version = known != null ? known : deploy(workflow);
    if (known == null) {
      startedVersions.put(workflow, version);
    }
    return submit(
        workflow.name(), version, ItemsJson.write(items), null, null, subjects, deduplicationKey);
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
    return submit(workflowName, version, inputJson, parent, parentNode, Set.of(), null);
  }

  private Execution submit(
      String workflowName,
      int version,
      String inputJson,
      ExecutionId parent,
      String parentNode,
      Set<String> subjects,
      String key) {
    if (closed) {
      throw new EngineClosedException(
          "the engine is shut down; cannot start workflow '" + workflowName + "'");
    }
    Instant now = rt.clock.now();
    ExecutionId id =
        key == null ? ExecutionId.newId(now.toEpochMilli()) : ExecutionId.forKey(workflowName, key);
    if (key != null && store.find(id).isPresent()) {
      return handle(id); // started before with this key: by this process or another
    }
    ExecutionRecord rec =
        ExecutionRecord.newExecution(id, workflowName, version, inputJson, parent, parentNode, now);
    try {
      create(rec, subjects);
    } catch (RuntimeException e) {
      if (key != null && store.find(id).isPresent()) {
        return handle(id); // another start with the key won the race
      }
      throw e;
    }
    signal();
    return handle(id);
  }

  private void create(ExecutionRecord rec, Set<String> subjects) {
    ExecutionId id = rec.id();
    if (combined != null && subjects.isEmpty()) {
      combined.createQueued(rec); // with its work, in one statement
    } else {
      storage
          .transactions()
          .inTransaction(
              () -> {
                store.create(rec); // with its tags and its work, or not at all
                subjects.forEach(subject -> store.tagSubject(id, subject));
                return queue.enqueue(id, null);
              });
    }
  }

  /** {@return the storage's combined writes, when its store has them for its queue, or null} */
  static CombinedWrites combinedWrites(Storage storage) {
    return storage.executions() instanceof CombinedWrites c && c.combinesWith(storage.queue())
        ? c
        : null;
  }

  /** {@return how many executions this engine holds claims on now} */
  @Override
  public int activeCount() {
    return worker.activeCount();
  }

  @Override
  public Execution startDeployed(
      String workflowName, List<Item> items, Set<String> subjects, String deduplicationKey) {
    return start(workflowName, items, subjects, deduplicationKey);
  }

  @Override
  public Execution run(Workflow workflow, List<Item> items) {
    Execution execution = start(workflow, items, Set.of(), null);
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

  // ---------------------------------------------------------------- watching ends

  /** Completes the futures of executions that another process ended. */
  void checkWatched() {
    for (Map.Entry<ExecutionId, CompletableFuture<Execution>> e : watched.entrySet()) {
      if (!worker.runs(e.getKey())) {
        store.find(e.getKey()).filter(r -> r.status().isFinal()).ifPresent(r -> ended(e.getKey()));
      }
    }
  }

  CompletableFuture<Execution> completion(ExecutionId id) {
    CompletableFuture<Execution> f = watched.computeIfAbsent(id, k -> new CompletableFuture<>());
    if (!worker.runs(id)) { // else its worker here completes it after the end's effects
      store.find(id).filter(r -> r.status().isFinal()).ifPresent(r -> ended(id));
    }
    return f;
  }

  /** Completes the watchers of an execution that ended (unless it was re-opened since). */
  void ended(ExecutionId id) {
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

  /** After an execution ended: wake its parent, start the error workflow, tell watchers. */
  void afterEnd(ExecutionRecord rec, Execution view) {
    try {
      if (rec.parentId() != null) {
        children.resolveParent(rec, view);
      }
      if (rec.status() == ExecutionStatus.FAILED) {
        children.startErrorWorkflow(rec, view);
      }
    } finally {
      endedAsWritten(rec); // last: whoever awaits the end sees its consequences
    }
  }

  /**
   * As {@link #ended}, for an end this engine has just written: nothing to read again, unless the
   * execution was re-opened meanwhile (the end may then be a stale claim's, and watchers of the
   * re-opened execution must wait for its next end).
   */
  private void endedAsWritten(ExecutionRecord rec) {
    if (reopened.remove(rec.id())) {
      ended(rec.id());
      return;
    }
    CompletableFuture<Execution> f = watched.get(rec.id());
    if (f != null && watched.remove(rec.id(), f)) {
      f.complete(new StoredExecution(this, rec.id(), rec.status()));
    }
  }

  /** Notes that an ended execution is being re-opened here. */
  void reopening(ExecutionId id) {
    reopened.add(id);
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
    return checkpoints.outputs(r);
  }

  /**
   * {@return a node's state in a run of the execution in this process while it has no checkpoint
   * (running, retrying or skipped), or {@code null}}
   */
  NodeRun liveNodeRun(ExecutionId id, String nodeId) {
    ExecutionRun run = worker.runOf(id);
    if (run == null || run.isAbandoned()) {
      return null;
    }
    NodeRun live = run.view().nodeRun(nodeId);
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
    String step = checkpoints.waitOf(waiting).resumeStep();
    boolean ended;
    if (step != null) { // a suspension: the node runs again, finding the items as its step
      ended = children.reenterAndQueue(waiting, step, items);
    } else {
      NodeRunRecord done =
          checkpoints.finishedRecord(
              waiting, NodeRunStatus.SUCCEEDED, Map.of(PortSpec.MAIN, items), null, rt.clock.now());
      ended = children.resolveWaitAndQueue(waiting, done);
    }
    if (!ended) {
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
    ExecutionRun here = worker.runOf(id);
    if (here != null && here.cancel()) {
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
    return worker.shutdown(grace);
  }
}

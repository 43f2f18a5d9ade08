package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.StorageException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.internal.checkpoint.ItemsJson;
import dev.tyboo.node.Item;
import dev.tyboo.node.PortSpec;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.store.StoredWorkflow;
import dev.tyboo.spi.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executions a durable execution starts: sub-workflow children (one per node run, or one per
 * batch, started one after the other), the end of the parent's wait when they end, and error
 * workflows. Child ids derive from the parent node run, so a crash and a retry create no second
 * child.
 */
final class ChildExecutions {

  private static final Logger LOG = LoggerFactory.getLogger(ChildExecutions.class);

  private final DurableExecutor executor;
  private final Storage storage;
  private final ExecutionStore store;
  private final WorkQueue queue;
  private final Checkpoints checkpoints;
  private final Clock clock;
  private final Object[] batchLocks = newLocks(32);

  ChildExecutions(DurableExecutor executor, Storage storage, Checkpoints checkpoints, Clock clock) {
    this.executor = executor;
    this.storage = storage;
    this.store = storage.executions();
    this.queue = storage.queue();
    this.checkpoints = checkpoints;
    this.clock = clock;
  }

  ExecutionId startChild(
      ExecutionRun parent, int node, String workflowName, List<Item> items, String step) {
    StoredWorkflow wf = executor.latest(workflowName);
    String nodeId = parent.plan().ids[node];
    ExecutionId childId =
        step == null ? childId(parent.id(), nodeId, 0) : stepChildId(parent.id(), nodeId, step);
    createChild(childId, parent.id(), parent.plan().ids[node], workflowName, wf.version(), items);
    return childId;
  }

  /**
   * {@return the id of a parent node run's child: the same after a crash, so that the node run gets
   * one child (per batch)}
   */
  static ExecutionId childId(ExecutionId parent, String nodeId, int batch) {
    String key = parent.value() + "/" + nodeId + "/0" + (batch == 0 ? "" : "/batch/" + batch);
    return ExecutionId.of(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
  }

  /** {@return the id of the child a node run started for one of its steps} */
  static ExecutionId stepChildId(ExecutionId parent, String nodeId, String step) {
    String key = parent.value() + "/" + nodeId + "/0/step/" + step;
    return ExecutionId.of(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
  }

  /** Creates and queues a child, or queues it again when an earlier attempt created it. */
  void createChild(
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
              clock.now());
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
    executor.signal();
  }

  /**
   * Ends a node's wait and queues its execution, both or neither (one transaction where the storage
   * has them), so that a crash in between cannot leave an ended wait that nobody continues.
   *
   * @return whether the node was still waiting
   */
  boolean resolveWaitAndQueue(NodeRunRecord waiting, NodeRunRecord done) {
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
    checkpoints.dropSpill(resolved ? waiting : done);
    return resolved;
  }

  /**
   * Ends a suspension ({@code NodeResult.suspend}) by a resume: in one transaction where the
   * storage has them, the node run goes back to running, its step is recorded with the items, and
   * the execution is queued (its next claim runs the node again).
   *
   * @return whether this call ended the wait
   */
  boolean reenterAndQueue(NodeRunRecord waiting, String step, List<Item> items) {
    return reenterAndQueue(waiting, step, SuspensionSteps.json(items));
  }

  private boolean reenterAndQueue(NodeRunRecord waiting, String step, String json) {
    NodeRunRecord running = checkpoints.runningRecord(waiting);
    boolean resolved =
        storage
            .transactions()
            .inTransaction(
                () -> {
                  if (!store.resolveWait(running)) {
                    return false;
                  }
                  SuspensionSteps.nodes(store)
                      .recordStep(waiting.executionId(), waiting.nodeId(), step, json);
                  queue.enqueue(waiting.executionId(), null);
                  return true;
                });
    if (resolved) {
      checkpoints.dropSpill(waiting);
    }
    return resolved;
  }

  /**
   * Ends the parent node's wait with the child's result, once, and queues the parent; for a run per
   * batch, starts the next batch's child instead until the last has ended.
   */
  void resolveParent(ExecutionRecord child, Execution view) {
    Optional<NodeRunRecord> waiting = checkpoints.nodeRun(child.parentId(), child.parentNodeId());
    if (waiting.isEmpty() || waiting.get().status() != NodeRunStatus.WAITING) {
      return; // not recorded as waiting yet: its checkpoint will look at the child
    }
    ItemsJson.StoredWait wait = checkpoints.waitOf(waiting.get());
    if (wait.resumeStep() != null) { // a child started for a step: record it, run the node again
      if (child
          .id()
          .equals(stepChildId(child.parentId(), child.parentNodeId(), wait.resumeStep()))) {
        NodeExecutionException failed = SubWorkflowResult.error(view, child.parentNodeId());
        if (reenterAndQueue(
            waiting.get(),
            wait.resumeStep(),
            failed == null
                ? SuspensionSteps.json(SubWorkflowResult.items(view))
                : SuspensionSteps.failure(failed.getMessage()))) {
          executor.signal();
        }
      }
      return; // another step's child (ended late): nothing to resolve
    }
    List<List<Item>> batches = wait.batches();
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
            ? checkpoints.finishedRecord(
                waiting.get(),
                NodeRunStatus.SUCCEEDED,
                Map.of(PortSpec.MAIN, SubWorkflowResult.items(view)),
                null,
                clock.now())
            : checkpoints.finishedRecord(
                waiting.get(), NodeRunStatus.FAILED, null, error, clock.now());
    if (resolveWaitAndQueue(waiting.get(), done)) {
      executor.signal();
    }
  }

  static Object[] newLocks(int n) {
    Object[] locks = new Object[n];
    for (int i = 0; i < n; i++) {
      locks[i] = new Object();
    }
    return locks;
  }

  /**
   * Looks at a run per batch's children in order: starts the first one missing (its predecessors
   * all succeeded), or ends the wait with the first failure, or with every result once the last
   * succeeded. Safe to call again and from several places: creation and the end of the wait happen
   * once.
   */
  void advanceBatches(
      NodeRunRecord waiting, ExecutionId parentId, String nodeId, List<List<Item>> batches) {
    // a child's end and the parent's wait checkpoint may both get here at once: one at a time per
    // parent node in this process, so that the second sees the child the first created instead of
    // queueing it again (a second work item would run that batch twice)
    synchronized (
        batchLocks[Math.floorMod((parentId.value() + nodeId).hashCode(), batchLocks.length)]) {
      advanceBatchesLocked(waiting, parentId, nodeId, batches);
    }
  }

  void advanceBatchesLocked(
      NodeRunRecord waiting, ExecutionId parentId, String nodeId, List<List<Item>> batches) {
    ExecutionRecord first = store.find(childId(parentId, nodeId, 0)).orElse(null);
    if (first == null) {
      return; // created with the wait, which is not recorded yet
    }
    BatchProgress.Next next =
        BatchProgress.next( // statuses only: one record read per batch
            batches.size(),
            b ->
                b == 0
                    ? first.status()
                    : store
                        .find(childId(parentId, nodeId, b))
                        .map(ExecutionRecord::status)
                        .orElse(null));
    NodeRunRecord done;
    switch (next) {
      case BatchProgress.StartBatch start -> {
        int b = start.batch();
        createChild(
            childId(parentId, nodeId, b),
            parentId,
            nodeId,
            first.workflowName(),
            first.workflowVersion(),
            batches.get(b));
        return;
      }
      case BatchProgress.Failed failed -> {
        NodeExecutionException error =
            SubWorkflowResult.error(
                executor.handle(childId(parentId, nodeId, failed.batch())), nodeId);
        error.withContext(parentId.value(), nodeId, waiting.attempts());
        done = checkpoints.finishedRecord(waiting, NodeRunStatus.FAILED, null, error, clock.now());
      }
      case BatchProgress.AllSucceeded all -> {
        List<Item> results = new ArrayList<>(); // read the results once, at the end
        for (int b = 0; b < batches.size(); b++) {
          results.addAll(SubWorkflowResult.items(executor.handle(childId(parentId, nodeId, b))));
        }
        done =
            checkpoints.finishedRecord(
                waiting,
                NodeRunStatus.SUCCEEDED,
                Map.of(PortSpec.MAIN, results),
                null,
                clock.now());
      }
      case BatchProgress.Running running -> {
        return; // its end comes back here
      }
    }
    if (resolveWaitAndQueue(waiting, done)) {
      executor.signal();
    }
  }

  void startErrorWorkflow(ExecutionRecord failed, Execution view) {
    String target;
    try {
      target =
          executor
              .workflow(failed.workflowName(), failed.workflowVersion())
              .settings()
              .errorWorkflow();
    } catch (RuntimeException e) {
      LOG.warn(
          "execution {} failed; its workflow does not load to find an error workflow: {}",
          failed.id(),
          e.getMessage());
      return;
    }
    ErrorWorkflows.start(
        failed.id(),
        failed.workflowName(),
        failed.workflowVersion(),
        target,
        failed.errorJson(),
        executor::start);
  }
}

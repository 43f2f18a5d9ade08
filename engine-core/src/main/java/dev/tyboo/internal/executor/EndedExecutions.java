package dev.tyboo.internal.executor;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.ExecutionStateException;
import dev.tyboo.error.UnknownNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What can be done with a stored execution that ended: resume a failed one from its failure, run
 * one again from a node (the nodes before it keep their outputs), or start a fresh execution with
 * the same input. Re-opening resets the chosen nodes' checkpoints and queues the execution in one
 * transaction with its status.
 */
public final class EndedExecutions {

  private final DurableExecutor executor;
  private final Storage storage;
  private final ExecutionStore store;
  private final WorkQueue queue;
  private final Checkpoints checkpoints;
  private final Clock clock;

  EndedExecutions(DurableExecutor executor, Storage storage, Checkpoints checkpoints, Clock clock) {
    this.executor = executor;
    this.storage = storage;
    this.store = storage.executions();
    this.queue = storage.queue();
    this.checkpoints = checkpoints;
    this.clock = clock;
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
    ExecutionRecord rec = executor.record(id);
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
    ExecutionRecord rec = executor.record(id);
    if (!rec.status().isFinal()) {
      throw new ExecutionStateException(
          id.value(),
          rec.status().name(),
          "execution " + id + " is " + rec.status() + "; only an ended execution can be retried");
    }
    Workflow wf = executor.workflowOf(rec);
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
    executor.reopening(rec.id()); // before the write: a stale end reported after it is read again
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
        checkpoints.dropSpill(r);
      }
    }
    try {
      storage
          .transactions()
          .inTransaction(
              () -> {
                store.update(rec.withStatus(ExecutionStatus.QUEUED, clock.now(), null));
                return queue.enqueue(rec.id(), null); // re-opened with its work, or not at all
              });
    } catch (ConcurrentUpdateException e) {
      ExecutionRecord now = executor.record(rec.id());
      throw new ExecutionStateException(
          rec.id().value(),
          now.status().name(),
          "execution " + rec.id() + " changed while being re-opened; it is now " + now.status());
    }
    executor.signal();
    return executor.handle(rec.id());
  }

  /**
   * {@return a fresh execution with the same workflow version and input}
   *
   * @param id an execution
   */
  public Execution rerun(ExecutionId id) {
    ExecutionRecord rec = executor.record(id);
    return executor.submit(rec.workflowName(), rec.workflowVersion(), rec.inputJson(), null, null);
  }
}

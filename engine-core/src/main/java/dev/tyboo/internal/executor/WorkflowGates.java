package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.workflow.Workflow;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code WorkflowSettings.maxConcurrentExecutions} in a durable engine: how many claims of each
 * limited workflow run in this process, and which executions were held back (announced as queued
 * once).
 */
final class WorkflowGates {

  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final Set<ExecutionId> heldBack = ConcurrentHashMap.newKeySet();
  private volatile boolean anyLimited;

  /**
   * {@return whether a claim here has met a workflow with a limit: until one does, a claim marks
   * its execution running as it fences it, since no gate will hold it back}
   */
  boolean anyLimited() {
    return anyLimited;
  }

  /**
   * {@return the gate the claim passed ({@code ""} for a workflow without a limit), or {@code null}
   * when the workflow is at its limit}
   *
   * @param workflow the execution's workflow
   * @param id the execution
   */
  String enter(Workflow workflow, ExecutionId id) {
    int limit = workflow.settings().maxConcurrentExecutions();
    if (limit == 0) {
      heldBack.remove(id);
      return "";
    }
    anyLimited = true;
    AtomicInteger n = running.computeIfAbsent(workflow.name(), k -> new AtomicInteger());
    while (true) {
      int now = n.get();
      if (now >= limit) {
        return null;
      }
      if (n.compareAndSet(now, now + 1)) {
        heldBack.remove(id);
        return workflow.name();
      }
    }
  }

  /**
   * {@return whether this is the first time the execution was held back here}
   *
   * @param id an execution {@link #enter} refused
   */
  boolean firstHeldBack(ExecutionId id) {
    return heldBack.add(id);
  }

  /**
   * Frees a place.
   *
   * @param gate what {@link #enter} returned
   */
  void leave(String gate) {
    if (!gate.isEmpty()) {
      running.get(gate).decrementAndGet();
    }
  }

  /** Forgets an execution that ended elsewhere while held back here. */
  void ended(ExecutionId id) {
    heldBack.remove(id);
  }

  /**
   * {@return how an execution held back by its gate shows: waiting while one of its restored nodes
   * still waits, else queued}
   *
   * @param restored the node states restored from its checkpoints
   */
  ExecutionStatus heldStatus(NodeState[] restored) {
    for (NodeState st : restored) {
      if (st != null && st.restored == NodeState.WAITING) {
        return ExecutionStatus.WAITING;
      }
    }
    return ExecutionStatus.QUEUED;
  }
}

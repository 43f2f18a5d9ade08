package dev.tyboo.execution;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.node.Item;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one run of a workflow: its status, its nodes' outputs, and the means to wait for it
 * or cancel it. Thread-safe; snapshots ({@link #nodeRuns()}) are consistent per node.
 */
public interface Execution {

  /** {@return the execution's id} */
  ExecutionId id();

  /** {@return the workflow being run} */
  Workflow workflow();

  /** {@return the current status} */
  ExecutionStatus status();

  /**
   * Waits until the execution ends or the timeout passes.
   *
   * @param timeout the longest time to wait
   * @return the status when this method returns: final if the execution ended, else {@code QUEUED}
   *     or {@code RUNNING} (the timeout passed, or the waiting thread was interrupted, whose flag
   *     is then set)
   */
  ExecutionStatus await(Duration timeout);

  /**
   * {@return a future completed with this execution when it ends; never completed exceptionally}
   */
  CompletableFuture<Execution> completion();

  /**
   * Cancels the execution: no further node starts, running nodes see their cancellation signal and
   * are interrupted, scheduled retries are dropped. Returns at once; the status becomes {@code
   * CANCELLED} when the running nodes have returned.
   *
   * @return {@code false} when the execution had already ended
   */
  boolean cancel();

  /** {@return the failure that stopped the execution, when its status is {@code FAILED}} */
  Optional<NodeExecutionException> error();

  /** {@return when the execution was accepted} */
  Instant createdAt();

  /** {@return when it ended, or empty while it runs} */
  Optional<Instant> finishedAt();

  /** {@return a snapshot of every node, in workflow order} */
  Map<String, NodeRun> nodeRuns();

  /**
   * {@return a snapshot of that node}
   *
   * @param nodeId a node id
   * @throws IllegalArgumentException when the workflow has no such node
   */
  NodeRun nodeRun(String nodeId);

  /**
   * {@return the items on the node's first output port; empty when it has not (yet) produced any}
   *
   * @param nodeId a node id
   * @throws IllegalArgumentException when the workflow has no such node
   */
  List<Item> output(String nodeId);

  /**
   * {@return the resume token of every node that waits now, by node id; empty when none waits} Hand
   * a token to whoever must resume the node (an approver, a callback); treat it like a password.
   */
  Map<String, String> resumeTokens();
}

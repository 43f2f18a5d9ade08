package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.node.Item;
import java.util.List;
import java.util.Map;

/** How a durable run reports to the worker that holds its lease. */
interface RunHooks {

  /**
   * Writes one node's state (finished, failed or waiting) before anything depends on it.
   *
   * @return {@code false} when the lease was lost: the run must stop and write nothing more
   */
  boolean checkpoint(ExecutionRun run, int node);

  /**
   * Encodes a node's outputs for its checkpoint, before the node counts as succeeded, so that
   * outputs the storage cannot take fail the node rather than the checkpoint.
   *
   * @return the encoded outputs, kept for the checkpoint
   * @throws dev.tyboo.error.NodeExecutionException when they cannot be stored
   */
  StoredOutputs encodeOutputs(ExecutionRun run, int node, Map<String, List<Item>> outputs);

  /** Every remaining node waits: the worker records the wait and lets the run go. */
  void parked(ExecutionRun run);

  /** {@return the id of a child execution, created (once per parent node run) and queued} */
  ExecutionId startChild(ExecutionRun run, int node, String workflowName, List<Item> items);

  /**
   * {@return the id of the first child of a run per batch, created (once per parent node run) and
   * queued; the worker creates the next ones as the previous ones succeed}
   */
  ExecutionId startChildren(
      ExecutionRun run, int node, String workflowName, List<List<Item>> batches);
}

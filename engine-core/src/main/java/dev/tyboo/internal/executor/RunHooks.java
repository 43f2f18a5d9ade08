package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.node.Item;
import java.util.List;

/** How a durable run reports to the worker that holds its lease. */
interface RunHooks {

  /**
   * Writes one node's state (finished, failed or waiting) before anything depends on it.
   *
   * @return {@code false} when the lease was lost: the run must stop and write nothing more
   */
  boolean checkpoint(ExecutionRun run, int node);

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

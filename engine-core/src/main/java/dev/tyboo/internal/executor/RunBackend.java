package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.node.Item;
import java.util.List;
import java.util.Map;

/**
 * Where an {@link ExecutionRun} keeps what must outlive a node: in memory ({@link
 * InMemoryRunBackend}), or in a store under the lease of the worker that runs it ({@link
 * DurableRunBackend}). The run schedules nodes, retries and times them out the same way on both;
 * only what this interface does differs.
 */
interface RunBackend {

  /** {@return whether node states are checkpointed (and the run may be abandoned to the store)} */
  boolean durable();

  /**
   * Writes one node's state (finished, failed or waiting) before anything depends on it.
   *
   * @return {@code false} when the lease was lost: the run must stop and write nothing more
   */
  boolean checkpoint(ExecutionRun run, int node);

  /**
   * Encodes a node's outputs for its checkpoint, before the node counts as succeeded, so that
   * outputs the storage cannot take fail the node rather than the checkpoint. Called only when
   * {@link #durable()}.
   *
   * @return the encoded outputs, kept for the checkpoint
   * @throws dev.tyboo.error.NodeExecutionException when they cannot be stored
   */
  StoredOutputs encodeOutputs(ExecutionRun run, int node, Map<String, List<Item>> outputs);

  /** Every remaining node waits: a durable worker records the wait and lets the run go. */
  void parked(ExecutionRun run);

  /**
   * A node entered its wait (it keeps its in-flight token): whatever ends the wait is armed here
   * (resume token, due time, child executions), or left to the store.
   */
  void waitEntered(ExecutionRun run, int node);

  /** A node's wait ended (or was cancelled): disarms what {@link #waitEntered} armed. */
  void waitLeft(ExecutionRun run, int node);

  /** {@return the id of a child execution, started once per parent node run} */
  ExecutionId startChild(
      ExecutionRun run, int node, String workflowName, List<Item> items, String step);

  /**
   * {@return the id of the first child of a run per batch (the batches are in the node's state),
   * started once per parent node run; the next ones start as the previous ones succeed}
   */
  ExecutionId startChildren(ExecutionRun run, int node, String workflowName);

  /** {@return the recorded steps of a node run, name to JSON} */
  java.util.Map<String, String> steps(ExecutionRun run, int node);

  /** Records a step unless recorded; {@return the recorded JSON} */
  String recordStep(ExecutionRun run, int node, String step, String json);

  /** {@return the newest entries of a memory, oldest first, as JSON} */
  List<String> memory(ExecutionRun run, String scope, String key, int max);

  /** Appends a node run's entries to a memory, each once. */
  void appendMemory(
      ExecutionRun run, int node, String scope, String key, int first, List<String> entries);

  /** Deletes a memory; {@return how many entries it had} */
  int forgetMemory(ExecutionRun run, String scope, String key);
}

package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.node.Item;
import java.util.List;
import java.util.Map;

/**
 * Runs under one claim of a stored execution: every node state is checkpointed under the claim's
 * fencing token before anything depends on it, a wait is left to the store (resumes, due times and
 * child ends come back as new claims), and children are stored and queued.
 */
final class DurableRunBackend implements RunBackend {

  private final DurableWorker worker;
  private final Claim claim;
  private final CheckpointOutputs outputs;
  private final ChildExecutions children;

  DurableRunBackend(
      DurableWorker worker, Claim claim, CheckpointOutputs outputs, ChildExecutions children) {
    this.worker = worker;
    this.claim = claim;
    this.outputs = outputs;
    this.children = children;
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public boolean checkpoint(ExecutionRun run, int node) {
    return worker.checkpoint(claim, run, node);
  }

  @Override
  public StoredOutputs encodeOutputs(ExecutionRun run, int node, Map<String, List<Item>> out) {
    return outputs.encode(run.plan().ids[node], out);
  }

  @Override
  public void parked(ExecutionRun run) {
    worker.parked(claim, run);
  }

  @Override
  public void waitEntered(ExecutionRun run, int node) {}

  @Override
  public void waitLeft(ExecutionRun run, int node) {}

  @Override
  public ExecutionId startChild(
      ExecutionRun run, int node, String workflowName, List<Item> items, String step) {
    return children.startChild(run, node, workflowName, items, step);
  }

  @Override
  public ExecutionId startChildren(ExecutionRun run, int node, String workflowName) {
    return children.startChild(run, node, workflowName, run.state(node).batches.get(0), null);
  }

  @Override
  public Map<String, String> steps(ExecutionRun run, int node) {
    return nodes().steps(run.id(), run.plan().ids[node]);
  }

  @Override
  public String recordStep(ExecutionRun run, int node, String step, String json) {
    return nodes().recordStep(run.id(), run.plan().ids[node], step, json);
  }

  @Override
  public List<String> memory(ExecutionRun run, String scope, String key, int max) {
    return nodes().memory(scope, key, max).stream()
        .map(dev.tyboo.spi.store.MemoryEntry::valueJson)
        .toList();
  }

  @Override
  public void appendMemory(
      ExecutionRun run, int node, String scope, String key, int first, List<String> entries) {
    nodes().appendMemory(scope, key, run.id(), run.plan().ids[node], first, entries);
  }

  @Override
  public int forgetMemory(ExecutionRun run, String scope, String key) {
    return nodes().forgetMemory(scope, key);
  }

  private dev.tyboo.spi.store.NodeStore nodes() {
    return SuspensionSteps.nodes(worker.store());
  }
}

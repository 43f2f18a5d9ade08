package dev.tyboo.internal.executor;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.node.Item;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.WaitRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs without a store: nothing is checkpointed, a wait ends by its resume token (registered with
 * the coordinator), its due-time timer or its child executions' completion, and children run in
 * this engine's memory.
 */
final class InMemoryRunBackend implements RunBackend {

  private final ExecutionCoordinator coordinator;

  InMemoryRunBackend(ExecutionCoordinator coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public boolean checkpoint(ExecutionRun run, int node) {
    return true;
  }

  @Override
  public StoredOutputs encodeOutputs(ExecutionRun run, int node, Map<String, List<Item>> outputs) {
    return null;
  }

  @Override
  public void parked(ExecutionRun run) {}

  @Override
  public void waitEntered(ExecutionRun run, int i) {
    NodeState st = run.state(i);
    coordinator.registerWait(st.resumeToken, run, i);
    WaitRequest wait = st.wait;
    if (wait.until() != null) {
      Duration delay = Duration.between(run.runtime().clock.now(), wait.until());
      st.waitTimer =
          run.runtime()
              .clock
              .schedule(
                  delay.isNegative() ? Duration.ZERO : delay,
                  () -> run.endWait(i, Map.of(PortSpec.MAIN, wait.itemsWhenDue()), null));
    }
    Execution child = st.childRun;
    if (child != null && st.batches != null) {
      chainBatches(run, i, child, new ArrayList<>());
    } else if (child != null) {
      String nodeId = run.plan().ids[i];
      child
          .completion()
          .thenAccept(
              c ->
                  run.endWait(
                      i,
                      Map.of(PortSpec.MAIN, SubWorkflowResult.items(c)),
                      SubWorkflowResult.error(c, nodeId)));
    }
    if (run.isStopping()) {
      run.cancelWait(i);
    }
  }

  @Override
  public void waitLeft(ExecutionRun run, int i) {
    NodeState st = run.state(i);
    var timer = st.waitTimer;
    if (timer != null) {
      timer.cancel();
    }
    coordinator.unregisterWait(st.resumeToken);
  }

  @Override
  public ExecutionId startChild(
      ExecutionRun run, int i, String workflowName, List<Item> items, String step) {
    Execution child = coordinator.startChild(workflowName, items);
    run.state(i).childRun = child;
    return child.id();
  }

  @Override
  public ExecutionId startChildren(ExecutionRun run, int i, String workflowName) {
    return startChild(run, i, workflowName, run.state(i).batches.get(0), null);
  }

  /**
   * When the newest batch's child ends, starts the next one, or ends the wait (as {@link
   * BatchProgress} decides, for both back-ends).
   *
   * @param runs the children so far, one per batch in order
   */
  private void chainBatches(ExecutionRun run, int i, Execution child, List<Execution> runs) {
    runs.add(child);
    child
        .completion()
        .thenAccept(
            c -> {
              NodeState st = run.state(i);
              BatchProgress.Next next =
                  BatchProgress.next(
                      st.batches.size(), b -> b < runs.size() ? runs.get(b).status() : null);
              switch (next) {
                case BatchProgress.Failed failed ->
                    run.endWait(
                        i,
                        Map.of(PortSpec.MAIN, List.of()),
                        SubWorkflowResult.error(runs.get(failed.batch()), run.plan().ids[i]));
                case BatchProgress.AllSucceeded all -> {
                  List<Item> results = new ArrayList<>();
                  runs.forEach(r -> results.addAll(SubWorkflowResult.items(r)));
                  run.endWait(i, Map.of(PortSpec.MAIN, List.copyOf(results)), null);
                }
                case BatchProgress.StartBatch start -> startBatch(run, i, start.batch(), runs);
                case BatchProgress.Running running -> {}
              }
            });
  }

  private void startBatch(ExecutionRun run, int i, int b, List<Execution> runs) {
    NodeState st = run.state(i);
    if (st.waitEnded.get()) {
      return; // cancelled: the later batches do not run
    }
    Execution next;
    try {
      next = coordinator.startChild(st.batchWorkflow, st.batches.get(b));
    } catch (RuntimeException e) {
      run.endWait(
          i,
          Map.of(PortSpec.MAIN, List.of()),
          new NonRetryableNodeException(
              "batch " + (b + 1) + " of " + st.batches.size() + " could not start: " + e, e));
      return;
    }
    st.childRun = next;
    chainBatches(run, i, next, runs);
  }

  @Override
  public Map<String, String> steps(ExecutionRun run, int node) {
    return Map.copyOf(run.state(node).steps());
  }

  @Override
  public String recordStep(ExecutionRun run, int node, String step, String json) {
    String earlier = run.state(node).steps().putIfAbsent(step, json);
    return earlier == null ? json : earlier;
  }

  @Override
  public List<String> memory(ExecutionRun run, String scope, String key, int max) {
    return coordinator.memories().recent(scope, key, max);
  }

  @Override
  public void appendMemory(
      ExecutionRun run, int node, String scope, String key, int first, List<String> entries) {
    coordinator
        .memories()
        .append(scope, key, run.id().value() + '\u0000' + run.plan().ids[node], first, entries);
  }

  @Override
  public int forgetMemory(ExecutionRun run, String scope, String key) {
    return coordinator.memories().forget(scope, key);
  }
}

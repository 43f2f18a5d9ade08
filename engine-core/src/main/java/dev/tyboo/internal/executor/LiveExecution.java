package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.PortSpec;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Execution} a caller holds while its run is in this engine's memory: every read sees
 * the run as it is now (node states are volatile; a snapshot per call, never a copy kept).
 */
final class LiveExecution implements Execution {

  private final ExecutionRun run;
  private final ExecutionPlan plan;

  LiveExecution(ExecutionRun run) {
    this.run = run;
    this.plan = run.plan();
  }

  @Override
  public ExecutionId id() {
    return run.id();
  }

  @Override
  public Workflow workflow() {
    return plan.workflow;
  }

  @Override
  public ExecutionStatus status() {
    return run.status();
  }

  @Override
  public ExecutionStatus await(Duration timeout) {
    return run.await(timeout);
  }

  @Override
  public CompletableFuture<Execution> completion() {
    return run.completion();
  }

  @Override
  public boolean cancel() {
    return run.cancel();
  }

  @Override
  public Optional<NodeExecutionException> error() {
    return run.status() == ExecutionStatus.FAILED
        ? Optional.ofNullable(run.failure())
        : Optional.empty();
  }

  @Override
  public Instant createdAt() {
    return run.createdAt();
  }

  @Override
  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(run.finishedAt());
  }

  @Override
  public Map<String, NodeRun> nodeRuns() {
    Map<String, NodeRun> runs = new LinkedHashMap<>();
    for (int i = 0; i < plan.size; i++) {
      runs.put(plan.ids[i], snapshot(i));
    }
    return Collections.unmodifiableMap(runs);
  }

  @Override
  public NodeRun nodeRun(String nodeId) {
    return snapshot(index(nodeId));
  }

  @Override
  public List<Item> output(String nodeId) {
    int i = index(nodeId);
    return run.state(i)
        .outputs
        .getOrDefault(
            plan.outputPorts[i].length == 0 ? PortSpec.MAIN : plan.outputPorts[i][0], List.of());
  }

  @Override
  public Map<String, String> resumeTokens() {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 0; i < plan.size; i++) {
      NodeState st = run.state(i);
      if (st.status == NodeRunStatus.WAITING && st.resumable && st.resumeToken != null) {
        tokens.put(plan.ids[i], st.resumeToken);
      }
    }
    return Collections.unmodifiableMap(tokens);
  }

  private int index(String nodeId) {
    Integer i = plan.indexById.get(Objects.requireNonNull(nodeId, "nodeId"));
    if (i == null) {
      throw new IllegalArgumentException(
          "workflow '" + plan.workflow.name() + "' has no node '" + nodeId + "'");
    }
    return i;
  }

  private NodeRun snapshot(int i) {
    NodeState st = run.state(i);
    return new NodeRun(
        plan.ids[i], st.status, st.attempts, st.startedAt, st.finishedAt, st.outputs, st.error);
  }

  @Override
  public String toString() {
    return "Execution[" + run.id() + ", workflow=" + plan.workflow.name() + ", " + status() + "]";
  }
}

package dev.tyboo.internal.executor;

import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.internal.expression.ItemScope;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.spi.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What expressions of one run see besides the current item: the outputs of nodes that have run
 * ({@code $node}), the engine's variables, clock, and the execution's and workflow's info.
 */
final class RunVariables implements ItemScope.ExecutionVariables {

  private final ExecutionRun run;
  private final ExecutionPlan plan;
  private Map<String, Object> executionInfo; // racy but idempotent

  RunVariables(ExecutionRun run) {
    this.run = run;
    this.plan = run.plan();
  }

  @Override
  public ItemScope.NodeOutputs outputs() {
    return nodeId -> {
      Integer i = plan.indexById.get(nodeId);
      if (i == null) {
        return null;
      }
      NodeState st = run.state(i);
      NodeRunStatus s = st.status;
      if (s != NodeRunStatus.SUCCEEDED && s != NodeRunStatus.FAILED) {
        return null;
      }
      return plan.outputPorts[i].length == 0
          ? List.of()
          : st.outputs.getOrDefault(plan.outputPorts[i][0], List.of());
    };
  }

  @Override
  public Map<String, Object> vars() {
    return run.runtime().vars;
  }

  @Override
  public Clock clock() {
    return run.runtime().clock;
  }

  @Override
  public Map<String, Object> executionInfo() {
    Map<String, Object> info = executionInfo;
    if (info == null) {
      info = JsonValues.freezeObject(Map.of("id", run.id().value()), "$execution");
      executionInfo = info;
    }
    return info;
  }

  @Override
  public Map<String, Object> workflowInfo() {
    return plan.workflowInfo;
  }
}

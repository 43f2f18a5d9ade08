package dev.tyboo.internal.executor;

import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@link Executor} of an engine without storage: executions live in this process's memory, run
 * by the {@link ExecutionCoordinator}. Data subjects are not kept (the engine refuses them first).
 */
public final class InMemoryExecutor implements Executor {

  private final ExecutionCoordinator coordinator;

  /**
   * Creates the executor.
   *
   * @param coordinator runs the executions
   */
  public InMemoryExecutor(ExecutionCoordinator coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public Execution start(Workflow workflow, List<Item> items, Set<String> subjects) {
    return coordinator.start(workflow, items, false);
  }

  @Override
  public Execution startDeployed(String workflowName, List<Item> items, Set<String> subjects) {
    return coordinator.start(coordinator.deployed(workflowName), items, false);
  }

  @Override
  public Execution run(Workflow workflow, List<Item> items) {
    Execution execution = coordinator.start(workflow, items, true);
    execution.completion().join();
    return execution;
  }

  @Override
  public int deploy(Workflow workflow) {
    coordinator.deploy(workflow);
    return 1;
  }

  @Override
  public Execution resume(String token, List<Item> items) {
    return coordinator.resume(token, items);
  }

  @Override
  public int activeCount() {
    return coordinator.activeCount();
  }

  @Override
  public boolean shutdown(Duration grace) {
    return coordinator.shutdown(grace);
  }
}

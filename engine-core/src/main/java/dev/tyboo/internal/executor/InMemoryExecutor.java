package dev.tyboo.internal.executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

  /** How many deduplication keys it remembers (for a day). */
  public static final int REMEMBERED_KEYS = 100_000;

  private final ExecutionCoordinator coordinator;

  /** Executions started with a deduplication key, by workflow name and key. */
  private final Cache<String, Execution> byKey =
      Caffeine.newBuilder()
          .maximumSize(REMEMBERED_KEYS)
          .expireAfterWrite(Duration.ofDays(1))
          .build();

  /**
   * Creates the executor.
   *
   * @param coordinator runs the executions
   */
  public InMemoryExecutor(ExecutionCoordinator coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public Execution start(
      Workflow workflow, List<Item> items, Set<String> subjects, String deduplicationKey) {
    return once(workflow, items, deduplicationKey);
  }

  @Override
  public Execution startDeployed(
      String workflowName, List<Item> items, Set<String> subjects, String deduplicationKey) {
    return once(coordinator.deployed(workflowName), items, deduplicationKey);
  }

  private Execution once(Workflow workflow, List<Item> items, String key) {
    if (key == null) {
      return coordinator.start(workflow, items, false);
    }
    return byKey.get(
        workflow.name() + '\u0000' + key, k -> coordinator.start(workflow, items, false));
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

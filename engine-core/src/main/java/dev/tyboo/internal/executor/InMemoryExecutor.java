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

  /**
   * {@return a new execution of the workflow, run on the calling thread until it ends, waits or
   * forks; one with a deduplication key runs on the engine's threads}
   *
   * @param workflow the workflow
   * @param items its input items
   * @param deduplicationKey the start's deduplication key, or null
   */
  public Execution startHere(Workflow workflow, List<Item> items, String deduplicationKey) {
    return once(workflow, items, deduplicationKey, true);
  }

  /**
   * {@return a new execution of a deployed workflow, run on the calling thread until it ends, waits
   * or forks; one with a deduplication key runs on the engine's threads}
   *
   * @param workflowName the name it was deployed under
   * @param items its input items
   * @param deduplicationKey the start's deduplication key, or null
   */
  public Execution startDeployedHere(
      String workflowName, List<Item> items, String deduplicationKey) {
    return once(coordinator.deployed(workflowName), items, deduplicationKey, true);
  }

  private Execution once(Workflow workflow, List<Item> items, String key) {
    return once(workflow, items, key, false);
  }

  private Execution once(Workflow workflow, List<Item> items, String key, boolean inline) {
    if (key == null) {
      return coordinator.start(workflow, items, inline);
    }
    // the key is claimed inside the cache's compute, which must stay short: never run nodes there
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

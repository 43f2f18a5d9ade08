package dev.tyboo.internal.executor;

import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What an engine does with workflows, whatever keeps the executions: {@link InMemoryExecutor} runs
 * them in this process's memory, {@link DurableExecutor} through a {@code Storage}. The engine
 * chooses one when it is built and delegates to it; the semantics are the same (the parity suites
 * in the engine-core test-jar run over both), and engine-core/README.md lists what differs on
 * purpose.
 */
public interface Executor {

  /**
   * {@return a new execution of the workflow, started or queued}
   *
   * @param workflow the workflow, validated on its first use
   * @param items its input items
   * @param subjects data-subject ids to tag it with (empty unless the executor keeps them)
   * @param deduplicationKey the start's deduplication key, or null
   */
  Execution start(
      Workflow workflow, List<Item> items, Set<String> subjects, String deduplicationKey);

  /**
   * {@return a new execution of a deployed workflow}
   *
   * @param workflowName the name it was deployed under
   * @param items its input items
   * @param subjects data-subject ids to tag it with
   * @param deduplicationKey the start's deduplication key, or null
   */
  Execution startDeployed(
      String workflowName, List<Item> items, Set<String> subjects, String deduplicationKey);

  /**
   * {@return the execution of a workflow once it has ended}: in memory it runs on the calling
   * thread as far as it goes; a durable executor queues it and waits
   *
   * @param workflow the workflow
   * @param items its input items
   */
  Execution run(Workflow workflow, List<Item> items);

  /**
   * {@return the version executions of the workflow pin (1 in memory)}
   *
   * @param workflow the workflow, startable by name from now on
   */
  int deploy(Workflow workflow);

  /**
   * {@return the execution whose node waited for the token, going on}
   *
   * @param token the waiting node's resume token
   * @param items what the node emits
   */
  Execution resume(String token, List<Item> items);

  /** {@return how many executions this executor runs now (queued or running, or claimed)} */
  int activeCount();

  /**
   * Stops taking work and lets running executions finish for up to {@code grace}.
   *
   * @param grace how long they may take
   * @return whether every execution ended (or was handed back clean)
   */
  boolean shutdown(Duration grace);
}

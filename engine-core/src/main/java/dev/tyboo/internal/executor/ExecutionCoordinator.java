package dev.tyboo.internal.executor;

import dev.tyboo.error.EngineClosedException;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.internal.checkpoint.ErrorJson;
import dev.tyboo.node.Item;
import dev.tyboo.node.PortSpec;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executions in memory: starts them from compiled plans, applies per-workflow concurrency
 * limits, keeps deployed workflows (and their embedded ones) startable by name, ends waits by their
 * resume tokens, and tracks running executions for shutdown.
 */
public final class ExecutionCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionCoordinator.class);

  private final EngineRuntime rt;
  private final PlanCompiler plans;
  private final RunBackend backend = new InMemoryRunBackend(this);
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  private final Set<ExecutionRun> active = ConcurrentHashMap.newKeySet();
  private final Map<String, Workflow> deployed = new ConcurrentHashMap<>();
  private final Map<String, WaitingNode> waits = new ConcurrentHashMap<>();

  private record WaitingNode(ExecutionRun run, int node) {}

  private volatile boolean closed;

  /**
   * Creates the execution coordinator.
   *
   * @param rt the engine's shared services
   * @param plans compiles the workflows it runs
   */
  public ExecutionCoordinator(EngineRuntime rt, PlanCompiler plans) {
    this.rt = rt;
    this.plans = plans;
  }

  /** {@return the workflow's plan, its embedded workflows deployed here} */
  private ExecutionPlan plan(Workflow workflow) {
    PlanCompiler.Compiled c = plans.compile(workflow);
    List<Workflow> embedded = c.embedded();
    for (int i = 0; i < embedded.size(); i++) { // no iterator: this is every start's path
      Workflow body = embedded.get(i);
      if (deployed.get(body.name()) != body) { // the started workflow's bodies are the ones used
        deployed.put(body.name(), body);
      }
    }
    return c.plan();
  }

  /**
   * {@return the execution}
   *
   * @param workflow the workflow
   * @param items the items for the root nodes' first input
   * @param inline whether to run on the calling thread as far as it goes
   */
  public Execution start(Workflow workflow, List<Item> items, boolean inline) {
    if (closed) {
      throw new EngineClosedException(
          "the engine is shut down; cannot start workflow '" + workflow.name() + "'");
    }
    ExecutionPlan plan = plan(workflow);
    int limit = workflow.settings().maxConcurrentExecutions();
    if (limit == 0) {
      ExecutionRun run = new ExecutionRun(rt, backend, plan, items, this::finished, r -> false);
      active.add(run);
      run.begin(inline);
      return run.view();
    }
    Gate gate = gates.computeIfAbsent(workflow.name(), n -> new Gate());
    ExecutionRun run =
        new ExecutionRun(
            rt,
            backend,
            plan,
            items,
            r -> {
              finished(r);
              if (r.wasStarted()) {
                ExecutionRun next = gate.leave();
                if (next != null) {
                  next.begin(false);
                }
              }
            },
            gate::remove);
    active.add(run);
    if (gate.enter(run, limit)) {
      run.begin(inline);
    } else {
      run.announceQueued();
    }
    return run.view();
  }

  /**
   * Makes a workflow startable by name (sub-workflows, error workflows) in this engine.
   *
   * @param workflow the workflow; replaces an earlier one of the same name
   */
  public void deploy(Workflow workflow) {
    plan(workflow);
    deployed.put(workflow.name(), workflow);
  }

  /**
   * {@return the deployed workflow}
   *
   * @param name its name
   * @throws WorkflowNotFoundException when none is deployed under that name
   */
  public Workflow deployed(String name) {
    Workflow wf = deployed.get(name);
    if (wf == null) {
      throw new WorkflowNotFoundException(
          name,
          "no workflow named '"
              + name
              + "' is deployed in this engine (deployed: "
              + new java.util.TreeSet<>(deployed.keySet())
              + ")");
    }
    return wf;
  }

  Execution startChild(String workflowName, List<Item> items) {
    return start(deployed(workflowName), items, false);
  }

  private final InMemoryMemories memories = new InMemoryMemories();

  /** {@return the node memories of this in-memory engine} */
  InMemoryMemories memories() {
    return memories;
  }

  void registerWait(String token, ExecutionRun run, int node) {
    waits.put(token, new WaitingNode(run, node));
  }

  void unregisterWait(String token) {
    if (token != null) {
      waits.remove(token);
    }
  }

  /**
   * Ends an in-memory wait.
   *
   * @param token the node's resume token
   * @param items what the node emits
   * @return the execution
   * @throws ResumeTokenException when no node waits for that token
   */
  public Execution resume(String token, List<Item> items) {
    WaitingNode w = token == null ? null : waits.get(token);
    if (w == null
        || !ResumeTokens.same(token, w.run().state(w.node()).resumeToken)
        || !w.run().endWait(w.node(), Map.of(PortSpec.MAIN, items), null)) {
      throw new ResumeTokenException(
          "no node waits for resume token '"
              + ResumeTokens.abbreviate(token)
              + "' (unknown, already resumed, timed out or cancelled)");
    }
    return w.run().view();
  }

  private void finished(ExecutionRun run) {
    active.remove(run);
    if (run.status() == ExecutionStatus.FAILED) {
      startErrorWorkflow(run);
    }
  }

  /** Starts the failed execution's error workflow, when its workflow names one. */
  private void startErrorWorkflow(ExecutionRun failed) {
    if (closed) {
      return;
    }
    NodeExecutionException error = failed.failure();
    ErrorWorkflows.start(
        failed.id(),
        failed.plan().workflow.name(),
        null,
        failed.plan().workflow.settings().errorWorkflow(),
        error == null ? null : ErrorJson.write(error),
        (target, items) -> start(deployed(target), items, false));
  }

  /** {@return how many executions are queued or running} */
  public int activeCount() {
    return active.size();
  }

  /**
   * Refuses new executions, cancels queued ones, waits for running ones up to {@code grace}, then
   * cancels the rest and waits for them to return.
   *
   * @param grace how long running executions may take to finish on their own
   * @return whether every execution ended
   */
  public boolean shutdown(Duration grace) {
    closed = true;
    for (Gate gate : gates.values()) {
      for (ExecutionRun queued : gate.drain()) {
        queued.finishWithoutRunning();
      }
    }
    for (ExecutionRun run : new ArrayList<>(active)) {
      if (run.status() == dev.tyboo.execution.ExecutionStatus.WAITING) {
        run.cancel(); // an in-memory wait cannot outlive the engine: end it now, not after the
        // grace
      }
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ExecutionRun run : new ArrayList<>(active)) {
      run.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    List<ExecutionRun> left = new ArrayList<>(active);
    if (!left.isEmpty()) {
      LOG.warn(
          "{} execution(s) still running after the {} ms grace period; cancelling them",
          left.size(),
          grace.toMillis());
      left.forEach(ExecutionRun::cancel);
      for (ExecutionRun run : left) {
        run.await(Duration.ofSeconds(5));
      }
    }
    return active.isEmpty(); // the executor service is the runtime's: EngineRuntime.close()
  }

  /** {@return whether {@link #shutdown} was called} */
  public boolean isClosed() {
    return closed;
  }

  /** Admission for one workflow with a concurrency limit. */
  private static final class Gate {
    private final ArrayDeque<ExecutionRun> waiting = new ArrayDeque<>();
    private int running;
    private int limit;

    synchronized boolean enter(ExecutionRun run, int limit) {
      this.limit = limit;
      if (running < limit) {
        running++;
        return true;
      }
      waiting.add(run);
      return false;
    }

    synchronized ExecutionRun leave() {
      running--;
      if (running < limit && !waiting.isEmpty()) {
        running++;
        return waiting.poll();
      }
      return null;
    }

    synchronized boolean remove(ExecutionRun run) {
      return waiting.remove(run);
    }

    synchronized List<ExecutionRun> drain() {
      List<ExecutionRun> all = new ArrayList<>(waiting);
      waiting.clear();
      return all;
    }
  }
}

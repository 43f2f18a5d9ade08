package dev.tyboo.engine;

import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionListener;
import dev.tyboo.internal.executor.DurableExecutor;
import dev.tyboo.internal.executor.EngineRuntime;
import dev.tyboo.internal.executor.ExecutionCoordinator;
import dev.tyboo.internal.executor.Executor;
import dev.tyboo.internal.executor.InMemoryExecutor;
import dev.tyboo.internal.executor.PlanCompiler;
import dev.tyboo.internal.executor.WorkerSettings;
import dev.tyboo.internal.expression.CachingExpressionLanguage;
import dev.tyboo.internal.script.DiscoveredScriptSandbox;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.audit.SystemAuditListener;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The workflow engine: runs workflows in this process. Build one with {@link #builder()}; the
 * defaults need no configuration and keep everything in memory.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder().build()) {
 *   Execution run = engine.start(workflow, Item.of(Map.of("since", "2026-01-01")));
 *   run.await(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Independent branches run concurrently on virtual threads; a node with a single ready successor
 * hands over to it on the same thread. Several engines may live in one JVM; they share nothing
 * unless given the same {@link Storage}. This class is thread-safe.
 *
 * <p><b>Durable engines.</b> With {@link EngineBuilder#storage(Storage)}, executions live in the
 * storage: a worker loop claims them from its queue under a renewed lease, checkpoints every
 * finished node before its successors start, and records the end. After a crash, any engine on the
 * same storage takes the execution over once the lease expires: finished nodes never run again; a
 * node that was running runs again with the same {@link dev.tyboo.node.NodeContext#idempotencyKey()
 * idempotency key}. Waits hold no thread and survive restarts; failed executions stay as dead
 * letters that can be {@linkplain ExecutionAdmin#resumeFromFailure resumed}, {@linkplain
 * ExecutionAdmin#retry retried} or {@linkplain ExecutionAdmin#rerun rerun} through {@link
 * #executions()}.
 */
public final class Engine implements AutoCloseable {

  private final EngineRuntime runtime;
  private final PlanCompiler plans;
  private final NodeRegistry nodeTypes;
  private final Clock clock;
  private final boolean ownsClock;
  private final BinaryStore binaryStore;
  private final boolean ownsBinaryStore;
  private final Duration shutdownGrace;
  private final Storage storage;
  private final DurableExecutor durable;
  private final StoredExecutions storedExecutions;
  private final StoredSubjects storedSubjects;

  /** The one the work goes to: {@link #durable} with storage, else an in-memory executor. */
  private final Executor executor;

  private volatile boolean shutDown;
  private final ScriptSandbox scriptSandbox;
  private final CredentialVault credentialVault;
  private final AuditLog auditLog;
  private final boolean ownsScriptSandbox;
  private final HealthCheck healthCheck;

  Engine(EngineBuilder b) {
    this.clock = b.clock != null ? b.clock : Clock.system();
    this.ownsClock = b.clock == null || b.ownsGivenClock;
    this.binaryStore =
        b.binaryStore != null
            ? b.binaryStore
            : b.storage != null ? b.storage.binaries() : BinaryStore.inMemory();
    this.ownsBinaryStore = b.binaryStore == null && b.storage == null;
    this.nodeTypes = b.nodeTypes.build();
    this.shutdownGrace = b.shutdownGrace;
    this.scriptSandbox =
        b.scriptSandbox != null ? b.scriptSandbox : new DiscoveredScriptSandbox(b.classLoader());
    this.ownsScriptSandbox = b.scriptSandbox == null;
    this.credentialVault = b.credentialVault;
    this.auditLog = b.auditLog;
    this.healthCheck = new HealthCheck(b.healthThresholds);
    ExpressionLanguage language =
        new CachingExpressionLanguage(
            b.expressionLanguage != null
                ? b.expressionLanguage
                : ExpressionLanguage.safeDefault(b.expressionLimits),
            b.expressionCacheSize);
    ExecutorService executor =
        Executors.newThreadPerTaskExecutor(
            b.threadFactory != null
                ? b.threadFactory
                : Thread.ofVirtual().name("tyboo-node-", 0).factory());
    this.runtime =
        new EngineRuntime(
            clock,
            executor,
            binaryStore,
            language,
            b.retryPolicy != null ? b.retryPolicy : RetryPolicy.none(),
            b.variables,
            b.recordNodeRuns,
            b.maxRunningNodes,
            b.listeners,
            () -> ThreadLocalRandom.current().nextLong(),
            b.credentials,
            b.credentialVault == null ? null : b.credentialVault::provider,
            scriptSandbox,
            b.telemetry,
            b.networkPolicy);
    if (auditLog != null) {
      runtime.addListener(new SystemAuditListener(auditLog));
    }
    this.plans = new PlanCompiler(runtime, nodeTypes);
    this.storage = b.storage;
    if (storage != null) {
      DurableOptions o = b.durableOptions != null ? b.durableOptions : DurableOptions.defaults();
      this.durable =
          new DurableExecutor(
              runtime,
              plans,
              storage,
              nodeTypes,
              new WorkerSettings(
                  o.workerId(),
                  o.leaseTime(),
                  o.pollInterval(),
                  o.maxActiveExecutions(),
                  o.maxDeliveries(),
                  o.claimsWork(),
                  o.checkpointMode() == CheckpointMode.ASYNCHRONOUS),
              o.spillThresholdBytes(),
              o.maxOutputBytes());
      this.storedExecutions = new StoredExecutions(durable, storage.executions());
      this.storedSubjects =
          new StoredSubjects(
              durable,
              storage.executions(),
              binaryStore,
              auditLog,
              clock,
              shutdownGrace,
              name -> true,
              null,
              SystemAuditListener.SYSTEM,
              "");
      durable.startPolling();
      this.executor = durable;
    } else {
      this.durable = null;
      this.storedExecutions = null;
      this.storedSubjects = null;
      this.executor = new InMemoryExecutor(new ExecutionCoordinator(runtime, plans));
    }
  }

  /**
   * Adds a listener of execution events from now on, for services built after the engine (a webhook
   * dispatcher, a metrics bridge). Listeners run on the threads that run nodes: keep them short and
   * never block.
   *
   * @param listener receives every event from now on
   */
  public void addListener(ExecutionListener listener) {
    runtime.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener given to {@link #addListener} (or to the builder).
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(ExecutionListener listener) {
    return runtime.removeListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * {@return the engine as one principal may use it: every operation checks a permission and keeps
   * to the principal's tenant}
   *
   * @param principal who acts
   */
  public AuthorizedEngine as(Principal principal) {
    return new AuthorizedEngine(this, principal, credentialVault, auditLog);
  }

  /** {@return a builder with in-memory defaults} */
  public static EngineBuilder builder() {
    return new EngineBuilder();
  }

  /**
   * Starts a workflow and returns at once.
   *
   * @param workflow the workflow to run; validated on its first use by this engine
   * @param items the items its root nodes receive on their first input port
   * @return the running execution
   * @throws WorkflowValidationException when the workflow is invalid (nothing has started)
   * @throws dev.tyboo.error.EngineClosedException when the engine is shut down
   */
  public Execution start(Workflow workflow, List<Item> items) {
    return start(workflow, items, StartOptions.none());
  }

  /**
   * Starts a workflow with options and returns at once.
   *
   * @param workflow the workflow to run; validated on its first use by this engine
   * @param items the items its root nodes receive on their first input port
   * @param options how to start it (data subjects to tag it with, stored with the execution; a
   *     deduplication key)
   * @return the running execution, or with a deduplication key seen before, the execution the first
   *     start with it made
   * @throws WorkflowValidationException when the workflow is invalid (nothing has started)
   * @throws UnsupportedCapabilityException when options name data subjects and the engine has no
   *     storage that keeps them
   */
  public Execution start(Workflow workflow, List<Item> items, StartOptions options) {
    Objects.requireNonNull(workflow, "workflow");
    List<Item> input = List.copyOf(Objects.requireNonNull(items, "items"));
    requireSubjectsKept(Objects.requireNonNull(options, "options"));
    if (options.onCallingThread() && executor instanceof InMemoryExecutor inMemory) {
      return inMemory.startHere(workflow, input, options.deduplicationKey());
    }
    return executor.start(workflow, input, options.subjects(), options.deduplicationKey());
  }

  private void requireSubjectsKept(StartOptions options) {
    if (!options.subjects().isEmpty()) {
      requireDurable("start with data subjects");
      StoredExecutions.require(
          storage.executions(), ExecutionStore.Capability.SUBJECTS, "start with data subjects");
    }
  }

  /**
   * Starts the latest deployed version of a workflow and returns at once.
   *
   * @param workflowName the name it was {@link #deploy deployed} under
   * @param items the items its root nodes receive
   * @return the execution
   * @throws WorkflowNotFoundException when no workflow of that name is deployed
   */
  public Execution startDeployed(String workflowName, List<Item> items) {
    return startDeployed(workflowName, items, StartOptions.none());
  }

  /**
   * Starts the latest deployed version of a workflow with options and returns at once.
   *
   * @param workflowName the name it was {@link #deploy deployed} under
   * @param items the items its root nodes receive
   * @param options how to start it (data subjects to tag it with)
   * @return the execution
   * @throws WorkflowNotFoundException when no workflow of that name is deployed
   * @throws UnsupportedCapabilityException when options name data subjects and the engine has no
   *     storage that keeps them
   */
  public Execution startDeployed(String workflowName, List<Item> items, StartOptions options) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(workflowName, "workflowName");
    List<Item> input = List.copyOf(Objects.requireNonNull(items, "items"));
    requireSubjectsKept(options);
    if (options.onCallingThread() && executor instanceof InMemoryExecutor inMemory) {
      return inMemory.startDeployedHere(workflowName, input, options.deduplicationKey());
    }
    return executor.startDeployed(
        workflowName, input, options.subjects(), options.deduplicationKey());
  }

  /**
   * Makes a workflow startable by name: by {@link #startDeployed(String, List)}, by {@link
   * dev.tyboo.node.flow.ExecuteWorkflow} nodes and as an error workflow. A durable engine saves it
   * in its workflow store as a new version, unless the latest version is identical; executions pin
   * the version they started with.
   *
   * @param workflow the workflow; in a durable engine, without inline (lambda) nodes
   * @return the version (1 for an in-memory engine)
   * @throws WorkflowValidationException when it is invalid
   * @throws dev.tyboo.error.WorkflowDefinitionException when a durable engine is given inline nodes
   */
  public int deploy(Workflow workflow) {
    return executor.deploy(Objects.requireNonNull(workflow, "workflow"));
  }

  /**
   * Ends a node's wait: the node emits {@code items} on its main output and the execution goes on
   * (in a durable engine, wherever it is claimed next, even after a restart).
   *
   * @param resumeToken the waiting node's token (see {@link Execution#resumeTokens()})
   * @param items what the node emits
   * @return the execution
   * @throws ResumeTokenException when no node waits for that token (malformed, unknown, already
   *     resumed, timed out, cancelled); nothing changed
   */
  public Execution resume(String resumeToken, List<Item> items) {
    List<Item> input = List.copyOf(Objects.requireNonNull(items, "items"));
    return executor.resume(resumeToken, input);
  }

  /**
   * {@return the stored executions: find, query, cancel, resume from a failure, retry, rerun, dead
   * letters and retention}
   *
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public ExecutionAdmin executions() {
    requireDurable("executions()");
    return storedExecutions;
  }

  /**
   * {@return the rights of data subjects over this engine's storage: tag, export, erase}
   *
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public SubjectRights subjects() {
    return storedSubjects();
  }

  StoredSubjects storedSubjects() {
    requireDurable("subjects()");
    return storedSubjects;
  }

  Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * {@return a snapshot of this engine's health: {@code DOWN} when it is shut down, its storage
   * does not answer or every worker slot is blocked in a storage call; {@code DEGRADED} when a
   * {@link HealthThresholds threshold} is exceeded (heap, CPU, backlog of due work and its age,
   * dead letters) or executions keep failing their checkpoints or claims, are claimed again and
   * again without progress, or hold a slot in a storage call for longer than a lease; else {@code
   * UP}; with the figures and the reasons}
   *
   * <p>A durable engine asks its storage (three small queries), so call it at the pace of a health
   * probe, not per request.
   */
  public EngineHealth health() {
    return healthCheck.take(
        clock.now(),
        isShutdown(),
        activeExecutions(),
        storage,
        durable == null ? null : durable.troubles());
  }

  /** {@return whether this engine keeps executions in a {@link Storage}} */
  public boolean isDurable() {
    return durable != null;
  }

  private DurableExecutor requireDurable(String operation) {
    if (durable == null) {
      throw new UnsupportedCapabilityException(
          operation
              + " needs stored executions: build the engine with storage(..), e.g."
              + " Storage.inMemory(clock)");
    }
    return durable;
  }

  /**
   * Starts a workflow and returns at once.
   *
   * @param workflow the workflow to run
   * @param items the items its root nodes receive
   * @return the running execution
   */
  public Execution start(Workflow workflow, Item... items) {
    return start(workflow, List.of(Objects.requireNonNull(items, "items")));
  }

  /**
   * Runs a workflow on the calling thread (branches beyond the first on virtual threads) and
   * returns when it has ended. Without a thread hand-off at the start, this is the fastest way to
   * run short workflows. A durable engine queues the execution and waits for it to end. An
   * execution that waits (for a resume, a due time) keeps the caller waiting: use {@link #start}
   * for workflows that wait.
   *
   * @param workflow the workflow to run
   * @param items the items its root nodes receive
   * @return the ended execution
   * @throws WorkflowValidationException when the workflow is invalid (nothing has started)
   */
  public Execution run(Workflow workflow, List<Item> items) {
    return executor.run(
        Objects.requireNonNull(workflow, "workflow"),
        List.copyOf(Objects.requireNonNull(items, "items")));
  }

  /**
   * Validates and compiles a workflow for this engine without running it.
   *
   * @param workflow the workflow
   * @throws WorkflowValidationException listing every problem
   */
  public void validate(Workflow workflow) {
    plans.prepare(Objects.requireNonNull(workflow, "workflow"));
  }

  /**
   * Reads a workflow from JSON, resolving node types in this engine's registry.
   *
   * @param json the workflow document (see {@link WorkflowJson})
   * @return the workflow
   * @throws WorkflowValidationException listing every problem with its JSON path
   */
  public Workflow readWorkflow(String json) {
    Workflow workflow = WorkflowJson.read(json, nodeTypes);
    plans.prepare(workflow); // workflows written inside its nodes, checked with their paths
    return workflow;
  }

  /** {@return the node types this engine knows, for JSON workflows} */
  public NodeRegistry nodeTypes() {
    return nodeTypes;
  }

  /** {@return the engine's clock} */
  public Clock clock() {
    return clock;
  }

  /** {@return the engine's binary store} */
  public BinaryStore binaryStore() {
    return binaryStore;
  }

  /**
   * {@return how many executions this engine runs now: queued or running in memory, or, in a
   * durable engine, claimed by it (the shared queue holds the rest)}
   */
  public int activeExecutions() {
    return executor.activeCount();
  }

  /**
   * Stops the engine: refuses new executions, cancels queued and waiting ones, lets running ones
   * finish for up to {@code grace}, then cancels what is left. Idempotent. A durable engine cancels
   * nothing: it stops claiming work, lets its running executions finish for up to {@code grace},
   * then hands the rest back to the queue, where this or another engine continues them from their
   * checkpoints; waiting executions stay waiting in the store.
   *
   * @param grace how long running executions may take to finish
   * @return whether every execution ended
   */
  public boolean shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    synchronized (this) {
      if (shutDown) {
        return executor.activeCount() == 0;
      }
      shutDown = true;
    }
    boolean clean = executor.shutdown(grace);
    runtime.close(); // the threads the executor ran on
    if (ownsClock) {
      clock.close();
    }
    if (ownsBinaryStore) {
      binaryStore.close();
    }
    if (ownsScriptSandbox) {
      scriptSandbox.close();
    }
    return clean;
  }

  /** {@return whether the engine was shut down} */
  public boolean isShutdown() {
    return shutDown;
  }

  /** Shuts down with the configured grace period (30 s by default). */
  @Override
  public void close() {
    shutdown(shutdownGrace);
  }
}

package dev.tyboo.engine;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.ExecutionStateException;
import dev.tyboo.error.ResumeTokenException;
import dev.tyboo.error.UnknownNodeException;
import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionListener;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.internal.executor.DurableExecutor;
import dev.tyboo.internal.executor.EngineRuntime;
import dev.tyboo.internal.executor.ExecutionCoordinator;
import dev.tyboo.internal.executor.Executor;
import dev.tyboo.internal.executor.InMemoryExecutor;
import dev.tyboo.internal.executor.PlanCompiler;
import dev.tyboo.internal.executor.SubjectData;
import dev.tyboo.internal.executor.WorkerSettings;
import dev.tyboo.internal.expression.CachingExpressionLanguage;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.internal.script.DiscoveredScriptSandbox;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.flow.ExecuteWorkflow;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.security.access.Principal;
import dev.tyboo.security.audit.SystemAuditListener;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.security.network.NetworkPolicy;
import dev.tyboo.security.privacy.SubjectErasure;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.expression.ExpressionLimits;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.spi.script.ScriptSandboxProvider;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.Page;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.telemetry.Telemetry;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p><b>Durable engines.</b> With {@link Builder#storage(Storage)}, executions live in the storage:
 * a worker loop claims them from its queue under a renewed lease, checkpoints every finished node
 * before its successors start, and records the end. After a crash, any engine on the same storage
 * takes the execution over once the lease expires: finished nodes never run again; a node that was
 * running runs again with the same {@link dev.tyboo.node.NodeContext#idempotencyKey() idempotency
 * key}. Waits hold no thread and survive restarts; failed executions stay as dead letters that can
 * be {@linkplain #resumeFromFailure resumed}, {@linkplain #retry retried} or {@linkplain #rerun
 * rerun}.
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

  /** The one the work goes to: {@link #durable} with storage, else an in-memory executor. */
  private final Executor executor;

  private volatile boolean shutDown;
  private final ScriptSandbox scriptSandbox;
  private final CredentialVault credentialVault;
  private final AuditLog auditLog;
  private final boolean ownsScriptSandbox;
  private final HealthCheck healthCheck;

  private Engine(Builder b) {
    this.clock = b.clock != null ? b.clock : Clock.system();
    this.ownsClock = b.clock == null;
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
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tyboo-node-", 0).factory());
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
                  o.claimsWork()),
              o.spillThresholdBytes(),
              o.maxOutputBytes());
      durable.startPolling();
      this.executor = durable;
    } else {
      this.durable = null;
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
  public static Builder builder() {
    return new Builder();
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
   * @param options how to start it (data subjects to tag it with, stored with the execution)
   * @return the running execution
   * @throws WorkflowValidationException when the workflow is invalid (nothing has started)
   * @throws UnsupportedCapabilityException when options name data subjects and the engine has no
   *     storage that keeps them
   */
  public Execution start(Workflow workflow, List<Item> items, StartOptions options) {
    Objects.requireNonNull(workflow, "workflow");
    List<Item> input = List.copyOf(Objects.requireNonNull(items, "items"));
    requireSubjectsKept(Objects.requireNonNull(options, "options"));
    return executor.start(workflow, input, options.subjects());
  }

  private void requireSubjectsKept(StartOptions options) {
    if (!options.subjects().isEmpty()) {
      requireDurable("start with data subjects");
      requireCapability(ExecutionStore.Capability.SUBJECTS, "start with data subjects");
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
    return executor.startDeployed(workflowName, input, options.subjects());
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
   * {@return the stored execution, wherever it runs (durable engines)}
   *
   * @param id an execution id
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public Optional<Execution> find(ExecutionId id) {
    DurableExecutor d = requireDurable("find");
    Objects.requireNonNull(id, "id");
    return storage.executions().find(id).map(r -> d.handle(id));
  }

  /**
   * Cancels a stored execution, running here, elsewhere or waiting: running nodes see their
   * cancellation signal, waits end, the status becomes {@code CANCELLED}.
   *
   * @param id the execution
   * @return {@code false} when it had already ended
   * @throws ExecutionNotFoundException when there is no such execution
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public boolean cancel(ExecutionId id) {
    return requireDurable("cancel").cancel(Objects.requireNonNull(id, "id"));
  }

  /**
   * Resumes a failed execution (a dead letter) from its failure: the nodes that failed run again
   * with their inputs rebuilt from the outputs of the nodes before them, which do not run again.
   *
   * @param id a failed execution
   * @return the execution, queued again
   * @throws ExecutionStateException when it is not {@code FAILED}; nothing changed
   * @throws ExecutionNotFoundException when there is no such execution
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public Execution resumeFromFailure(ExecutionId id) {
    return requireDurable("resumeFromFailure")
        .endedExecutions()
        .resumeFromFailure(Objects.requireNonNull(id, "id"));
  }

  /**
   * Runs an ended execution again from a node: that node and every node after it run again, the
   * others keep their recorded outputs.
   *
   * @param id an ended execution
   * @param fromNodeId the first node to run again
   * @return the execution, queued again
   * @throws ExecutionStateException when it has not ended; nothing changed
   * @throws UnknownNodeException when the workflow has no such node; nothing changed
   * @throws ExecutionNotFoundException when there is no such execution
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public Execution retry(ExecutionId id, String fromNodeId) {
    return requireDurable("retry")
        .endedExecutions()
        .retry(Objects.requireNonNull(id, "id"), Objects.requireNonNull(fromNodeId, "fromNodeId"));
  }

  /**
   * Starts a new execution with the same workflow version and input items.
   *
   * @param id an execution
   * @return the new execution
   * @throws ExecutionNotFoundException when there is no such execution
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public Execution rerun(ExecutionId id) {
    return requireDurable("rerun").endedExecutions().rerun(Objects.requireNonNull(id, "id"));
  }

  /**
   * {@return stored executions matching the query, newest first}
   *
   * @param query filters and page
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public Page<ExecutionRecord> executions(ExecutionQuery query) {
    requireDurable("executions");
    requireCapability(ExecutionStore.Capability.QUERIES, "executions");
    return storage.executions().query(Objects.requireNonNull(query, "query"));
  }

  /**
   * {@return the dead letters: failed executions, kept with every node's data until resumed,
   * retried or deleted, newest first}
   *
   * @param offset how many to skip
   * @param limit how many at most
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public Page<ExecutionRecord> deadLetters(int offset, int limit) {
    return executions(
        ExecutionQuery.builder().status(ExecutionStatus.FAILED).page(offset, limit).build());
  }

  /**
   * {@return the sub-workflow executions that an execution started, newest first}
   *
   * @param parent the parent execution
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public List<ExecutionRecord> children(ExecutionId parent) {
    return executions(
            ExecutionQuery.builder()
                .parent(Objects.requireNonNull(parent, "parent"))
                .page(0, ExecutionQuery.MAX_LIMIT)
                .build())
        .items();
  }

  /**
   * Retention by age: deletes ended executions (with their node runs) that finished before a time.
   *
   * @param before the cut-off
   * @param workflowName only this workflow's, or {@code null} for all
   * @return how many were deleted
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public int deleteExecutionsFinishedBefore(Instant before, String workflowName) {
    requireDurable("deleteExecutionsFinishedBefore");
    requireCapability(ExecutionStore.Capability.RETENTION, "deleteExecutionsFinishedBefore");
    return storage
        .executions()
        .deleteFinishedBefore(Objects.requireNonNull(before, "before"), workflowName);
  }

  /**
   * Retention by count: keeps a workflow's newest ended executions, deletes the rest.
   *
   * @param workflowName the workflow
   * @param keep how many ended executions to keep
   * @return how many were deleted
   * @throws UnsupportedCapabilityException in an engine without storage
   */
  public int keepNewestExecutions(String workflowName, int keep) {
    requireDurable("keepNewestExecutions");
    requireCapability(ExecutionStore.Capability.RETENTION, "keepNewestExecutions");
    return storage
        .executions()
        .deleteAllButNewest(Objects.requireNonNull(workflowName, "workflowName"), keep);
  }

  /**
   * Tags an execution with a data subject: a person its data is about (a customer id, an e-mail
   * address, ...), so that {@link #eraseSubject} and {@link #exportSubject} reach it and the
   * sub-workflow executions it starts. Tag as soon as the execution starts (or from the code that
   * learns whom it concerns); tagging twice is harmless.
   *
   * @param id the execution
   * @param subjectId the subject's id: not blank, at most {@value
   *     ExecutionStore#MAX_SUBJECT_LENGTH} characters
   * @throws ExecutionNotFoundException when there is no such execution
   * @throws IllegalArgumentException when the subject id is blank or too long
   * @throws UnsupportedCapabilityException in an engine without storage, or when the execution
   *     store keeps no subject tags
   */
  public void tagSubject(ExecutionId id, String subjectId) {
    requireDurable("tagSubject");
    requireCapability(ExecutionStore.Capability.SUBJECTS, "tagSubject");
    storage.executions().tagSubject(Objects.requireNonNull(id, "id"), subjectId);
  }

  /**
   * Erases what this engine's storage holds about a data subject (GDPR article 17): the executions
   * tagged with it and the sub-workflow executions they started are cancelled if still running,
   * then deleted with their node runs (checkpoints); the attachments and spilled outputs they
   * reference are deleted from the binary store; audit records about those executions or mentioning
   * the subject keep their place in the hash chain with their detail blanked. The erasure itself is
   * audited under the SHA-256 of the subject's id. Idempotent: run it again after a failure
   * part-way.
   *
   * <p>Not reached: the host's own logs and copies, and what nodes sent to other systems.
   *
   * @param subjectId the subject's id
   * @return what was removed
   * @throws dev.tyboo.error.ExecutionStateException when one of the subject's executions did not
   *     stop within the engine's shutdown grace after it was cancelled (nothing erased)
   * @throws UnsupportedCapabilityException in an engine without storage, or when the execution
   *     store keeps no subject tags
   */
  public SubjectErasure eraseSubject(String subjectId) {
    return subjectData("eraseSubject")
        .erase(subjectId, name -> true, null, SystemAuditListener.SYSTEM, "", shutdownGrace);
  }

  /**
   * Writes everything this engine's storage holds about a data subject as one JSON document (GDPR
   * article 15): {@code subject}, {@code exportedAt}, {@code executions} (each with its input, its
   * node runs' outputs and errors, and its error), {@code attachments} (metadata and bytes in
   * base64) and {@code auditRecords} about those executions or mentioning the subject. The export
   * is audited under the SHA-256 of the subject's id.
   *
   * @param subjectId the subject's id
   * @param out where to write the document (UTF-8); not closed
   * @return how many executions it holds
   * @throws java.io.UncheckedIOException when writing fails
   * @throws UnsupportedCapabilityException in an engine without storage, or when the execution
   *     store keeps no subject tags
   */
  public int exportSubject(String subjectId, OutputStream out) {
    return subjectData("exportSubject")
        .export(
            subjectId,
            name -> true,
            null,
            SystemAuditListener.SYSTEM,
            "",
            Objects.requireNonNull(out, "out"));
  }

  Duration shutdownGrace() {
    return shutdownGrace;
  }

  SubjectData subjectData(String operation) {
    DurableExecutor d = requireDurable(operation);
    requireCapability(ExecutionStore.Capability.SUBJECTS, operation);
    requireCapability(ExecutionStore.Capability.QUERIES, operation);
    return new SubjectData(d, storage.executions(), binaryStore, auditLog, clock);
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

  private void requireCapability(ExecutionStore.Capability capability, String operation) {
    if (!storage.executions().capabilities().contains(capability)) {
      throw new UnsupportedCapabilityException(
          operation
              + " needs "
              + capability
              + ", which the execution store "
              + storage.executions().getClass().getName()
              + " does not support");
    }
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

  /**
   * Configures an {@link Engine}. Each setting may be set once; a second call fails fast. Not
   * thread-safe.
   */
  public static final class Builder {
    private Clock clock;
    private BinaryStore binaryStore;
    private CredentialProvider credentials = CredentialProvider.none();
    private ScriptSandbox scriptSandbox;
    private CredentialVault credentialVault;
    private Telemetry telemetry;
    private HealthThresholds healthThresholds = HealthThresholds.defaults();
    private AuditLog auditLog;
    private ExpressionLanguage expressionLanguage;
    private ExpressionLimits expressionLimits = ExpressionLimits.defaults();
    private NetworkPolicy networkPolicy = NetworkPolicy.privateNetworksBlockedForTenants();
    private RetryPolicy retryPolicy;
    private Map<String, Object> variables = Map.of();
    private boolean variablesSet;
    private Boolean recordNodeRunsSet;
    private boolean recordNodeRuns = true;
    private int maxRunningNodes;
    private long expressionCacheSize = 10_000;
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private final List<ExecutionListener> listeners = new ArrayList<>();
    private final NodeRegistry.Builder nodeTypes =
        NodeRegistry.builder().add(Wait.type()).add(ExecuteWorkflow.type());
    private Storage storage;
    private DurableOptions durableOptions;

    private Builder() {}

    private ClassLoader classLoader() {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return loader != null ? loader : Engine.class.getClassLoader();
    }

    private static void requireUnset(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    /**
     * {@return this builder}
     *
     * @param thresholds where {@link Engine#health()} turns {@code DEGRADED}; by default {@link
     *     HealthThresholds#defaults()}
     */
    public Builder healthThresholds(HealthThresholds thresholds) {
      this.healthThresholds = Objects.requireNonNull(thresholds, "thresholds");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param telemetry where every run of an execution and every node attempt is traced, for
     *     example {@code OpenTelemetryTelemetry.create(openTelemetry)}; by default none, and the
     *     engine makes no telemetry calls at all
     */
    public Builder telemetry(Telemetry telemetry) {
      requireUnset(this.telemetry, "telemetry");
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param vault the credential vault {@link Engine#as} manages credentials in; the nodes of a
     *     tenant's workflows ({@code <tenant>/<name>}) find their credentials in that tenant of the
     *     vault, and no other; the host's own workflows use {@link #credentials}
     */
    public Builder credentialVault(CredentialVault vault) {
      requireUnset(this.credentialVault, "credentialVault");
      this.credentialVault = Objects.requireNonNull(vault, "vault");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param log where {@link Engine#as} records user actions and refusals, and the engine its own
     *     events (executions started, failed, cancelled; nodes failed)
     */
    public Builder auditLog(AuditLog log) {
      requireUnset(this.auditLog, "auditLog");
      this.auditLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param sandbox where Code nodes run user code; the caller closes it after the engine. By
     *     default the engine makes one on first use through a {@link ScriptSandboxProvider} on the
     *     class path (engine-nodes provides GraalJS) and closes it at shutdown
     */
    public Builder scriptSandbox(ScriptSandbox sandbox) {
      requireUnset(this.scriptSandbox, "scriptSandbox");
      this.scriptSandbox = Objects.requireNonNull(sandbox, "sandbox");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param clock the source of time and timers; {@link Clock#system()} by default
     */
    public Builder clock(Clock clock) {
      requireUnset(this.clock, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param store where item attachments (and spilled checkpoint outputs) live; by default the
     *     {@link Storage#binaries() storage's} in a durable engine, else in memory
     */
    public Builder binaryStore(BinaryStore store) {
      requireUnset(this.binaryStore, "binaryStore");
      this.binaryStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param credentials where nodes' credential references ({@code NodeOptions.credential}) are
     *     looked up when they run (for a tenant's workflows only when the engine has no {@link
     *     #credentialVault}); by default none, so a node that needs a credential fails with a
     *     {@link dev.tyboo.error.CredentialException}
     */
    public Builder credentials(CredentialProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param language the expression language; {@link ExpressionLanguage#safeDefault()} by default
     */
    public Builder expressionLanguage(ExpressionLanguage language) {
      requireUnset(this.expressionLanguage, "expressionLanguage");
      if (expressionLimits != ExpressionLimits.defaults()) {
        throw new IllegalStateException(
            "expressionLimits apply to the default language; give them to your own language");
      }
      this.expressionLanguage = Objects.requireNonNull(language, "language");
      return this;
    }

    /**
     * Which addresses nodes may connect to when a workflow names the host (the HTTP Request node's
     * URLs and the redirects it follows). By default loopback, private, link-local and other
     * internal addresses are blocked for tenants' workflows and allowed for the host's own; see
     * {@link NetworkPolicy} for the ranges and the reason.
     *
     * @param policy the policy; {@link NetworkPolicy#privateNetworksBlockedForTenants()} by default
     * @return this builder
     */
    public Builder networkPolicy(NetworkPolicy policy) {
      this.networkPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Bounds every expression of the default language: source length, nesting, size, the strings
     * and collections it builds, its work and its time (see {@link ExpressionLimits} for the
     * defaults). An expression past a compile-time limit makes its workflow invalid; one past an
     * evaluation limit fails its node with a {@link dev.tyboo.error.ExpressionLimitException}.
     *
     * @param limits the limits; {@link ExpressionLimits#defaults()} by default
     * @return this builder
     */
    public Builder expressionLimits(ExpressionLimits limits) {
      if (expressionLanguage != null) {
        throw new IllegalStateException(
            "expressionLimits apply to the default language, but expressionLanguage was set");
      }
      this.expressionLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param policy the retry policy of nodes whose node and workflow set none; none by default
     */
    public Builder retryPolicy(RetryPolicy policy) {
      requireUnset(this.retryPolicy, "retryPolicy");
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param variables what expressions see as {@code $vars} (JSON values, copied)
     * @throws IllegalArgumentException naming the path of a value that is not JSON
     */
    public Builder variables(Map<String, ?> variables) {
      if (variablesSet) {
        throw new IllegalStateException("variables were already set to " + this.variables);
      }
      this.variables =
          JsonValues.freezeObject(Objects.requireNonNull(variables, "variables"), "$vars");
      this.variablesSet = true;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param enabled whether to record when each node run started and finished (on by default);
     *     when off, only statuses, attempts and outputs are kept, which is faster
     */
    public Builder recordNodeRuns(boolean enabled) {
      requireUnset(this.recordNodeRunsSet, "recordNodeRuns");
      this.recordNodeRunsSet = enabled;
      this.recordNodeRuns = enabled;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param limit the most node attempts that may run at once across all executions; 0 (the
     *     default) for no limit. Nodes over the limit wait for a slot, in order; the wait counts
     *     against the node's timeout.
     */
    public Builder maxRunningNodes(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("maxRunningNodes must be >= 0, was " + limit);
      }
      if (this.maxRunningNodes != 0) {
        throw new IllegalStateException(
            "maxRunningNodes was already set to " + this.maxRunningNodes);
      }
      this.maxRunningNodes = limit;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param size how many compiled expressions to cache (10,000 by default)
     */
    public Builder expressionCacheSize(long size) {
      if (size < 1) {
        throw new IllegalArgumentException("expressionCacheSize must be >= 1, was " + size);
      }
      this.expressionCacheSize = size;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param grace how long {@link Engine#close()} lets running executions finish (30 s by default)
     */
    public Builder shutdownGrace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("shutdownGrace must not be negative, was " + grace);
      }
      this.shutdownGrace = grace;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param listener receives every execution event (may be called several times)
     */
    public Builder listener(ExecutionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param nodeType a node type that JSON workflows may use
     */
    public Builder nodeType(NodeType nodeType) {
      nodeTypes.add(nodeType);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param registry node types that JSON workflows may use
     */
    public Builder nodeTypes(NodeRegistry registry) {
      nodeTypes.addAll(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /**
     * Adds the node types of every {@link dev.tyboo.node.NodeCatalog} on the class path
     * (ServiceLoader).
     *
     * @param classLoader where to look; {@code null} for the context class loader
     * @return this builder
     */
    public Builder discoverNodeTypes(ClassLoader classLoader) {
      nodeTypes.discover(classLoader);
      return this;
    }

    /**
     * Makes the engine durable: executions, their checkpoints and the work queue live in the
     * storage, so that they survive a crash or restart and several engines sharing the storage
     * split the work. Durable executions run JSON-writable workflows only (no lambda nodes).
     *
     * @param storage where executions live
     * @return this builder
     */
    public Builder storage(Storage storage) {
      requireUnset(this.storage, "storage");
      this.storage = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param options how a durable engine claims and keeps work; {@link DurableOptions#defaults()}
     *     by default
     */
    public Builder durableOptions(DurableOptions options) {
      requireUnset(this.durableOptions, "durableOptions");
      this.durableOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** {@return the engine} */
    public Engine build() {
      if (durableOptions != null && storage == null) {
        throw new IllegalStateException("durableOptions need storage(..) as well");
      }
      return new Engine(this);
    }
  }
}

package dev.tyboo.engine;

import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionListener;
import dev.tyboo.internal.executor.EngineRuntime;
import dev.tyboo.internal.executor.ExecutionCoordinator;
import dev.tyboo.internal.expression.CachingExpressionLanguage;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * hands over to it on the same thread. Several engines may live in one JVM; they share nothing.
 * This class is thread-safe.
 */
public final class Engine implements AutoCloseable {

  private final EngineRuntime runtime;
  private final ExecutionCoordinator coordinator;
  private final NodeRegistry nodeTypes;
  private final Clock clock;
  private final boolean ownsClock;
  private final BinaryStore binaryStore;
  private final boolean ownsBinaryStore;
  private final Duration shutdownGrace;

  private Engine(Builder b) {
    this.clock = b.clock != null ? b.clock : Clock.system();
    this.ownsClock = b.clock == null;
    this.binaryStore = b.binaryStore != null ? b.binaryStore : BinaryStore.inMemory();
    this.ownsBinaryStore = b.binaryStore == null;
    this.nodeTypes = b.nodeTypes.build();
    this.shutdownGrace = b.shutdownGrace;
    ExpressionLanguage language =
        new CachingExpressionLanguage(
            b.expressionLanguage != null ? b.expressionLanguage : ExpressionLanguage.safeDefault(),
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
            () -> ThreadLocalRandom.current().nextLong());
    this.coordinator = new ExecutionCoordinator(runtime);
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
    return coordinator.start(
        Objects.requireNonNull(workflow, "workflow"),
        List.copyOf(Objects.requireNonNull(items, "items")),
        false);
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
   * run short workflows.
   *
   * @param workflow the workflow to run
   * @param items the items its root nodes receive
   * @return the ended execution
   * @throws WorkflowValidationException when the workflow is invalid (nothing has started)
   */
  public Execution run(Workflow workflow, List<Item> items) {
    Execution execution =
        coordinator.start(
            Objects.requireNonNull(workflow, "workflow"),
            List.copyOf(Objects.requireNonNull(items, "items")),
            true);
    execution.completion().join();
    return execution;
  }

  /**
   * Validates and compiles a workflow for this engine without running it.
   *
   * @param workflow the workflow
   * @throws WorkflowValidationException listing every problem
   */
  public void validate(Workflow workflow) {
    coordinator.prepare(Objects.requireNonNull(workflow, "workflow"));
  }

  /**
   * Reads a workflow from JSON, resolving node types in this engine's registry.
   *
   * @param json the workflow document (see {@link WorkflowJson})
   * @return the workflow
   * @throws WorkflowValidationException listing every problem with its JSON path
   */
  public Workflow readWorkflow(String json) {
    return WorkflowJson.read(json, nodeTypes);
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

  /** {@return how many executions are queued or running} */
  public int activeExecutions() {
    return coordinator.activeCount();
  }

  /**
   * Stops the engine: refuses new executions, cancels queued ones, lets running ones finish for up
   * to {@code grace}, then cancels what is left. Idempotent.
   *
   * @param grace how long running executions may take to finish
   * @return whether every execution ended
   */
  public boolean shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (coordinator.isClosed()) {
      return coordinator.activeCount() == 0;
    }
    boolean clean = coordinator.shutdown(grace);
    if (ownsClock) {
      clock.close();
    }
    if (ownsBinaryStore) {
      binaryStore.close();
    }
    return clean;
  }

  /** {@return whether the engine was shut down} */
  public boolean isShutdown() {
    return coordinator.isClosed();
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
    private ExpressionLanguage expressionLanguage;
    private RetryPolicy retryPolicy;
    private Map<String, Object> variables = Map.of();
    private boolean variablesSet;
    private Boolean recordNodeRunsSet;
    private boolean recordNodeRuns = true;
    private int maxRunningNodes;
    private long expressionCacheSize = 10_000;
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private final List<ExecutionListener> listeners = new ArrayList<>();
    private final NodeRegistry.Builder nodeTypes = NodeRegistry.builder();

    private Builder() {}

    private static void requireUnset(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
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
     * @param store where item attachments live; in memory by default
     */
    public Builder binaryStore(BinaryStore store) {
      requireUnset(this.binaryStore, "binaryStore");
      this.binaryStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param language the expression language; {@link ExpressionLanguage#safeDefault()} by default
     */
    public Builder expressionLanguage(ExpressionLanguage language) {
      requireUnset(this.expressionLanguage, "expressionLanguage");
      this.expressionLanguage = Objects.requireNonNull(language, "language");
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

    /** {@return the engine} */
    public Engine build() {
      return new Engine(this);
    }
  }
}

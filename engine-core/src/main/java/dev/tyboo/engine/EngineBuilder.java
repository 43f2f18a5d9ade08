package dev.tyboo.engine;

import dev.tyboo.execution.ExecutionListener;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.flow.ExecuteWorkflow;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.security.credential.CredentialVault;
import dev.tyboo.security.network.NetworkPolicy;
import dev.tyboo.spi.audit.AuditLog;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.expression.ExpressionLimits;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.spi.script.ScriptSandboxProvider;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.telemetry.Telemetry;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configures an {@link Engine}. Each setting may be set once; a second call fails fast. Not
 * thread-safe.
 */
public final class EngineBuilder {
  Clock clock;
  boolean ownsGivenClock; // made from a java.time.Clock: the engine closes it
  java.util.concurrent.ThreadFactory threadFactory;
  BinaryStore binaryStore;
  CredentialProvider credentials = CredentialProvider.none();
  ScriptSandbox scriptSandbox;
  CredentialVault credentialVault;
  Telemetry telemetry;
  HealthThresholds healthThresholds = HealthThresholds.defaults();
  AuditLog auditLog;
  ExpressionLanguage expressionLanguage;
  ExpressionLimits expressionLimits = ExpressionLimits.defaults();
  NetworkPolicy networkPolicy = NetworkPolicy.privateNetworksBlockedForTenants();
  RetryPolicy retryPolicy;
  Map<String, Object> variables = Map.of();
  boolean variablesSet;
  Boolean recordNodeRunsSet;
  boolean recordNodeRuns = true;
  int maxRunningNodes;
  long expressionCacheSize = 10_000;
  Duration shutdownGrace = Duration.ofSeconds(30);
  final List<ExecutionListener> listeners = new ArrayList<>();
  final NodeRegistry.Builder nodeTypes =
      NodeRegistry.builder().add(Wait.type()).add(ExecuteWorkflow.type());
  Storage storage;
  DurableOptions durableOptions;

  EngineBuilder() {}

  ClassLoader classLoader() {
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
  public EngineBuilder healthThresholds(HealthThresholds thresholds) {
    this.healthThresholds = Objects.requireNonNull(thresholds, "thresholds");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param telemetry where every run of an execution and every node attempt is traced, for example
   *     {@code OpenTelemetryTelemetry.create(openTelemetry)}; by default none, and the engine makes
   *     no telemetry calls at all
   */
  public EngineBuilder telemetry(Telemetry telemetry) {
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
  public EngineBuilder credentialVault(CredentialVault vault) {
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
  public EngineBuilder auditLog(AuditLog log) {
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
  public EngineBuilder scriptSandbox(ScriptSandbox sandbox) {
    requireUnset(this.scriptSandbox, "scriptSandbox");
    this.scriptSandbox = Objects.requireNonNull(sandbox, "sandbox");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param clock the source of time and timers; {@link Clock#system()} by default
   */
  public EngineBuilder clock(Clock clock) {
    requireUnset(this.clock, "clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param clock the host's clock, read for the time; timers wait in real time on a thread of the
   *     engine's, stopped when the engine shuts down
   */
  public EngineBuilder clock(java.time.Clock clock) {
    clock(Clock.of(clock));
    this.ownsGivenClock = true;
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param threads makes the threads nodes and branches run on, one per task; by default virtual
   *     threads named {@code tyboo-node-N}. For a host that names, prioritises or instruments its
   *     threads (context propagation, thread-locals). There is no executor option: the engine's
   *     tasks block (on I/O, on the branches they wait for), so a bounded pool could deadlock;
   *     bound the work with {@link #maxRunningNodes} instead.
   */
  public EngineBuilder threadFactory(java.util.concurrent.ThreadFactory threads) {
    requireUnset(this.threadFactory, "threadFactory");
    this.threadFactory = Objects.requireNonNull(threads, "threads");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param store where item attachments (and spilled checkpoint outputs) live; by default the
   *     {@link Storage#binaries() storage's} in a durable engine, else in memory
   */
  public EngineBuilder binaryStore(BinaryStore store) {
    requireUnset(this.binaryStore, "binaryStore");
    this.binaryStore = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param credentials where nodes' credential references ({@code NodeOptions.credential}) are
   *     looked up when they run (for a tenant's workflows only when the engine has no {@link
   *     #credentialVault}); by default none, so a node that needs a credential fails with a {@link
   *     dev.tyboo.error.CredentialException}
   */
  public EngineBuilder credentials(CredentialProvider credentials) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param language the expression language; {@link ExpressionLanguage#safeDefault()} by default
   */
  public EngineBuilder expressionLanguage(ExpressionLanguage language) {
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
   * URLs and the redirects it follows). By default loopback, private, link-local and other internal
   * addresses are blocked for tenants' workflows and allowed for the host's own; see {@link
   * NetworkPolicy} for the ranges and the reason.
   *
   * @param policy the policy; {@link NetworkPolicy#privateNetworksBlockedForTenants()} by default
   * @return this builder
   */
  public EngineBuilder networkPolicy(NetworkPolicy policy) {
    this.networkPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Bounds every expression of the default language: source length, nesting, size, the strings and
   * collections it builds, its work and its time (see {@link ExpressionLimits} for the defaults).
   * An expression past a compile-time limit makes its workflow invalid; one past an evaluation
   * limit fails its node with a {@link dev.tyboo.error.ExpressionLimitException}.
   *
   * @param limits the limits; {@link ExpressionLimits#defaults()} by default
   * @return this builder
   */
  public EngineBuilder expressionLimits(ExpressionLimits limits) {
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
  public EngineBuilder retryPolicy(RetryPolicy policy) {
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
  public EngineBuilder variables(Map<String, ?> variables) {
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
   * @param enabled whether to record when each node run started and finished (on by default); when
   *     off, only statuses, attempts and outputs are kept, which is faster
   */
  public EngineBuilder recordNodeRuns(boolean enabled) {
    requireUnset(this.recordNodeRunsSet, "recordNodeRuns");
    this.recordNodeRunsSet = enabled;
    this.recordNodeRuns = enabled;
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param limit the most node attempts that may run at once across all executions; 0 (the default)
   *     for no limit. Nodes over the limit wait for a slot, in order; the wait counts against the
   *     node's timeout.
   */
  public EngineBuilder maxRunningNodes(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("maxRunningNodes must be >= 0, was " + limit);
    }
    if (this.maxRunningNodes != 0) {
      throw new IllegalStateException("maxRunningNodes was already set to " + this.maxRunningNodes);
    }
    this.maxRunningNodes = limit;
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param size how many compiled expressions to cache (10,000 by default)
   */
  public EngineBuilder expressionCacheSize(long size) {
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
  public EngineBuilder shutdownGrace(Duration grace) {
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
  public EngineBuilder listener(ExecutionListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param nodeType a node type that JSON workflows may use
   */
  public EngineBuilder nodeType(NodeType nodeType) {
    nodeTypes.add(nodeType);
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param registry node types that JSON workflows may use
   */
  public EngineBuilder nodeTypes(NodeRegistry registry) {
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
  public EngineBuilder discoverNodeTypes(ClassLoader classLoader) {
    nodeTypes.discover(classLoader);
    return this;
  }

  /**
   * Makes the engine durable: executions, their checkpoints and the work queue live in the storage,
   * so that they survive a crash or restart and several engines sharing the storage split the work.
   * Durable executions run JSON-writable workflows only (no lambda nodes).
   *
   * @param storage where executions live
   * @return this builder
   */
  public EngineBuilder storage(Storage storage) {
    requireUnset(this.storage, "storage");
    this.storage = Objects.requireNonNull(storage, "storage");
    return this;
  }

  /**
   * {@return this builder}
   *
   * @param options how a durable engine claims and keeps work; {@link DurableOptions#defaults()} by
   *     default
   */
  public EngineBuilder durableOptions(DurableOptions options) {
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

package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionListener;
import dev.tyboo.security.network.NetworkPolicy;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.spi.telemetry.Telemetry;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.WorkflowRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The services and settings that every execution of one engine shares. Immutable. */
public final class EngineRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRuntime.class);

  final Clock clock;
  final ExecutorService executor;
  final BinaryStore binaryStore;
  final ExpressionLanguage expressions;
  final RetryPolicy retry;
  final Map<String, Object> vars;
  final boolean recordNodeRuns;
  final Semaphore nodePermits;
  final RandomGenerator random;
  final CredentialProvider credentials;
  private final Function<String, CredentialProvider> tenantCredentials;
  final ScriptSandbox scripts;
  final Telemetry telemetry;

  /** Which addresses nodes may connect to. */
  public final NetworkPolicy networkPolicy;

  private volatile ExecutionListener[] listeners;

  /**
   * Creates the engine runtime.
   *
   * @param clock the clock
   * @param executor runs branches (virtual threads)
   * @param binaryStore the binary store
   * @param expressions the (caching) expression language
   * @param retry the engine-wide retry policy
   * @param vars the {@code $vars} of expressions (frozen)
   * @param recordNodeRuns whether to record timings and attempts of node runs
   * @param maxRunningNodes the engine-wide limit on node attempts running at once; 0 for none
   * @param listeners the event listeners
   * @param random the source of retry jitter
   * @param credentials where the credential references of the host's own workflows' nodes are
   *     looked up
   * @param tenantCredentials where those of a tenant's workflows ({@code <tenant>/<name>}) are
   *     looked up, by tenant; {@code null} to use {@code credentials} for every workflow
   * @param scripts where nodes run user code
   * @param telemetry where runs and node attempts are traced, or {@code null} for nowhere
   */
  public EngineRuntime(
      Clock clock,
      ExecutorService executor,
      BinaryStore binaryStore,
      ExpressionLanguage expressions,
      RetryPolicy retry,
      Map<String, Object> vars,
      boolean recordNodeRuns,
      int maxRunningNodes,
      List<ExecutionListener> listeners,
      RandomGenerator random,
      CredentialProvider credentials,
      Function<String, CredentialProvider> tenantCredentials,
      ScriptSandbox scripts,
      Telemetry telemetry,
      NetworkPolicy networkPolicy) {
    this.clock = clock;
    this.executor = executor;
    this.binaryStore = binaryStore;
    this.expressions = expressions;
    this.retry = retry;
    this.vars = vars;
    this.recordNodeRuns = recordNodeRuns;
    this.nodePermits = maxRunningNodes > 0 ? new Semaphore(maxRunningNodes, true) : null;
    this.listeners = listeners.toArray(ExecutionListener[]::new);
    this.random = random;
    this.credentials = credentials;
    this.tenantCredentials = tenantCredentials;
    this.scripts = scripts;
    this.telemetry = telemetry;
    this.networkPolicy = networkPolicy;
  }

  /**
   * Adds a listener for events from now on.
   *
   * @param listener the listener
   */
  public synchronized void addListener(ExecutionListener listener) {
    ExecutionListener[] next = java.util.Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = listener;
    listeners = next;
  }

  /**
   * Removes a listener added before.
   *
   * @param listener the listener
   * @return whether it was there
   */
  public synchronized boolean removeListener(ExecutionListener listener) {
    for (int i = 0; i < listeners.length; i++) {
      if (listeners[i] == listener) {
        ExecutionListener[] next = new ExecutionListener[listeners.length - 1];
        System.arraycopy(listeners, 0, next, 0, i);
        System.arraycopy(listeners, i + 1, next, i, listeners.length - i - 1);
        listeners = next;
        return true;
      }
    }
    return false;
  }

  boolean hasListeners() {
    return listeners.length > 0;
  }

  void publish(ExecutionEvent event) {
    for (ExecutionListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException | LinkageError e) {
        LOG.warn(
            "execution listener {} failed on {}; the execution goes on",
            listener,
            event.getClass().getSimpleName(),
            e);
      }
    }
  }

  /** {@return the clock} */
  public Clock clock() {
    return clock;
  }

  /** {@return the expression language} */
  public ExpressionLanguage expressions() {
    return expressions;
  }

  /** {@return the engine-wide retry policy} */
  public RetryPolicy retry() {
    return retry;
  }

  /**
   * {@return where a workflow's nodes find their credentials: its tenant's, for a tenant's workflow
   * when the engine has a vault; else the engine's provider}
   *
   * @param workflowName the workflow's name
   */
  CredentialProvider credentialsFor(String workflowName) {
    String tenant = WorkflowRef.parse(workflowName).tenant();
    if (tenantCredentials == null || tenant.isEmpty()) {
      return credentials;
    }
    return tenantCredentials.apply(tenant);
  }

  /**
   * Stops the threads every executor of the engine runs on, after the executors shut down: waits 5
   * s for tasks to end, then interrupts them.
   */
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.WaitRequest;
import dev.tyboo.spi.telemetry.ExecutionTrace;
import dev.tyboo.spi.telemetry.ExecutionTraceInfo;
import dev.tyboo.spi.telemetry.NodeTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run tells the outside: execution events to the engine's listeners and spans to its
 * telemetry. Each method builds its event only when someone listens, so a run without listeners or
 * telemetry pays one field read per event.
 */
final class RunEvents {

  private final EngineRuntime rt;
  private final ExecutionPlan plan;
  private final ExecutionId id;
  private volatile ExecutionTrace trace; // ended (and cleared) once, under this

  RunEvents(EngineRuntime rt, ExecutionPlan plan, ExecutionId id) {
    this.rt = rt;
    this.plan = plan;
    this.id = id;
  }

  private String workflow() {
    return plan.workflow.name();
  }

  void queued() {
    if (rt.hasListeners()) {
      rt.publish(new ExecutionEvent.ExecutionQueued(id, workflow(), rt.clock.now()));
    }
  }

  /**
   * The run began: publishes the start and opens its trace.
   *
   * @param version the pinned workflow version
   * @param parent the parent execution, or {@code null}
   * @param durable whether the run is checkpointed
   * @param input the run's input items (they may carry trace headers)
   */
  void started(int version, ExecutionId parent, boolean durable, List<Item> input) {
    if (rt.hasListeners()) {
      rt.publish(new ExecutionEvent.ExecutionStarted(id, workflow(), rt.clock.now()));
    }
    if (rt.telemetry != null) {
      ExecutionTrace t =
          rt.telemetry.executionStarted(
              new ExecutionTraceInfo(
                  id,
                  workflow(),
                  version,
                  plan.tenant,
                  parent,
                  durable,
                  TraceHeaders.of(input),
                  rt.clock.now()));
      trace = t;
    }
  }

  /** {@return the open trace, or {@code null}} */
  ExecutionTrace trace() {
    return trace;
  }

  /** Ends the run's trace, once. */
  void endTrace(ExecutionStatus as, Throwable error) {
    if (trace == null) {
      return; // no telemetry, or ended already: no lock to take
    }
    ExecutionTrace t;
    synchronized (this) {
      t = trace;
      trace = null;
    }
    if (t != null) {
      t.ended(as, error, rt.clock.now());
    }
  }

  void waiting() {
    if (rt.hasListeners()) {
      rt.publish(new ExecutionEvent.ExecutionWaiting(id, workflow(), rt.clock.now()));
    }
  }

  void finished(
      Instant createdAt, Instant at, ExecutionStatus end, NodeExecutionException failure) {
    if (rt.hasListeners()) {
      publishFinished(createdAt, at, end, failure);
    }
  }

  // the publishing of each event on the hot path is a method of its own, so that the guard left
  // behind is small enough for the JIT to inline into every node's path

  private void publishFinished(
      Instant createdAt, Instant at, ExecutionStatus end, NodeExecutionException failure) {
    rt.publish(
        new ExecutionEvent.ExecutionFinished(
            id, workflow(), at, end, Duration.between(createdAt, at), failure));
  }

  /**
   * A node's attempt starts.
   *
   * @return the attempt's trace, or {@code null}
   */
  NodeTrace nodeStarted(int i, int number, Instant at, List<Item>[] inputs) {
    if (rt.hasListeners()) {
      publishNodeStarted(i, number, at);
    }
    ExecutionTrace t = trace;
    return t == null ? null : traceNodeStarted(t, i, number, inputs);
  }

  private void publishNodeStarted(int i, int number, Instant at) {
    rt.publish(new ExecutionEvent.NodeStarted(id, workflow(), at, plan.ids[i], number));
  }

  private NodeTrace traceNodeStarted(ExecutionTrace t, int i, int number, List<Item>[] inputs) {
    return t.nodeStarted(plan.ids[i], plan.specs[i].type(), number, count(inputs), rt.clock.now());
  }

  void nodeRetrying(int i, int number, Duration delay, NodeExecutionException error) {
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.NodeRetrying(
              id, workflow(), rt.clock.now(), plan.ids[i], number, delay, error));
    }
  }

  void nodeFailed(int i, int number, NodeExecutionException error, boolean continued) {
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.NodeFailed(
              id, workflow(), rt.clock.now(), plan.ids[i], number, error, continued));
    }
  }

  void nodeFinished(
      int i, int number, Instant started, Instant at, Map<String, List<Item>> outputs) {
    if (rt.hasListeners()) {
      publishNodeFinished(i, number, started, at, outputs);
    }
  }

  private void publishNodeFinished(
      int i, int number, Instant started, Instant at, Map<String, List<Item>> outputs) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    outputs.forEach((port, items) -> counts.put(port, items.size()));
    rt.publish(
        new ExecutionEvent.NodeFinished(
            id,
            workflow(),
            at,
            plan.ids[i],
            number,
            Duration.between(started, at),
            counts,
            outputs));
  }

  void nodeWaiting(int i, int number, WaitRequest wait, String resumeToken) {
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.NodeWaiting(
              id, workflow(), rt.clock.now(), plan.ids[i], number, wait.until(), resumeToken));
    }
  }

  void nodeSkipped(int i) {
    if (rt.hasListeners()) {
      rt.publish(new ExecutionEvent.NodeSkipped(id, workflow(), rt.clock.now(), plan.ids[i]));
    }
  }

  /** Ends an attempt's trace, when it has one ({@code outputs} may be {@code null}). */
  void attemptEnded(
      NodeTrace trace,
      NodeRunStatus status,
      Map<String, List<Item>> outputs,
      NodeExecutionException error,
      boolean retried) {
    if (trace != null) {
      endAttempt(trace, status, outputs, error, retried);
    }
  }

  private void endAttempt(
      NodeTrace trace,
      NodeRunStatus status,
      Map<String, List<Item>> outputs,
      NodeExecutionException error,
      boolean retried) {
    int n = 0;
    if (outputs != null) {
      for (List<Item> items : outputs.values()) {
        n += items.size();
      }
    }
    trace.ended(status, n, error, retried, rt.clock.now());
  }

  private static int count(List<Item>[] ports) {
    int n = 0;
    for (List<Item> items : ports) {
      n += items.size();
    }
    return n;
  }
}

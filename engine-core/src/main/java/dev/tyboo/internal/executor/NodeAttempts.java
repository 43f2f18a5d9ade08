package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.NodeTimeoutException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.PortSpec;
import dev.tyboo.spi.telemetry.NodeTrace;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The attempts of a run's nodes (stateless: the state is the run's): runs a node under its timeout
 * and the engine's node permits, classifies what it threw, retries it (at once or on a timer), and
 * settles it as succeeded, waiting, failed or continued on its error output. Every method returns
 * what {@link ExecutionRun} schedules next: the node to run inline, or -1.
 */
final class NodeAttempts {

  /** {@link #afterFailure}'s answer when the next attempt runs at once, on this thread. */
  private static final int RETRY_NOW = -2;

  private NodeAttempts() {}

  /** Runs attempt {@code number} of node {@code i}, and the attempts after it that run at once. */
  static int attempt(ExecutionRun run, int i, int number) {
    EngineRuntime rt = run.runtime();
    ExecutionPlan plan = run.plan();
    RunEvents events = run.events();

    NodeState st = run.state(i);
    while (true) {
      if (run.isStopping()) {
        run.finishNode(i, NodeRunStatus.CANCELLED);
        return run.release();
      }
      Attempt attempt = new Attempt(run, number);
      st.attempts = number;
      st.status = NodeRunStatus.RUNNING;
      st.current = attempt;
      boolean timed = rt.recordNodeRuns || rt.hasListeners();
      Instant attemptStart = timed ? rt.clock.now() : null;
      if (number == 1 && rt.recordNodeRuns) {
        st.startedAt = attemptStart;
      }
      attempt.trace = events.nodeStarted(i, number, attemptStart, st.inputs);
      Duration timeout = plan.timeout[i];
      Clock.Timer watchdog =
          timeout == null
              ? null
              : rt.clock.schedule(timeout, () -> onTimeout(run, i, attempt, timeout));

      NodeResult result = null;
      Throwable thrown = null;
      MDC.put("nodeId", plan.ids[i]);
      attempt.enter();
      boolean permit = false;
      try {
        if (rt.nodePermits != null) {
          rt.nodePermits.acquire();
          permit = true;
        }
        if (attempt.timedOut()) {
          return -1; // timed out before it began (waiting for a permit): the watchdog carries on
        }
        result = plan.types[i].execute(new NodeRunContext(run, plan, i, attempt, st.inputs));
        if (result == null) {
          thrown =
              new NonRetryableNodeException(
                  "node type '" + plan.specs[i].type() + "' returned null instead of a NodeResult");
        }
      } catch (Throwable t) {
        thrown = t;
      } finally {
        if (permit) {
          rt.nodePermits.release();
        }
        attempt.leave();
      }
      if (!attempt.settle()) {
        return -1; // the timeout settled this attempt and carries the node on: drop this result
      }
      if (watchdog != null) {
        watchdog.cancel();
      }
      st.current = null;
      if (thrown == null) {
        thrown = checkPorts(run, i, result);
      }
      if (thrown == null && run.backend().durable() && !result.isWait()) {
        try {
          st.stored = run.backend().encodeOutputs(run, i, result.outputs());
        } catch (NodeExecutionException e) {
          thrown = e; // outputs the storage cannot take are the node's failure
        }
      }
      if (thrown == null) {
        events.attemptEnded(
            attempt.trace,
            result.isWait() ? NodeRunStatus.WAITING : NodeRunStatus.SUCCEEDED,
            result.outputs(),
            null,
            false);
        return result.isWait()
            ? run.suspend(i, result.waitRequest(), number)
            : succeed(run, i, result, attemptStart, number);
      }
      NodeExecutionException error = classify(run, thrown, i, number);
      int retryDecision = afterFailure(run, i, number, error, attempt.trace);
      if (retryDecision != RETRY_NOW) {
        return retryDecision;
      }
      number++;
    }
  }

  private static void onTimeout(ExecutionRun run, int i, Attempt attempt, Duration timeout) {
    ExecutionPlan plan = run.plan();

    if (!attempt.timeOut()) {
      return; // the node returned first
    }
    NodeExecutionException error =
        new NodeTimeoutException(timeout)
            .withContext(run.id().value(), plan.ids[i], attempt.number);
    run.submit(
        () ->
            run.carryOn(
                () -> {
                  int next = afterFailure(run, i, attempt.number, error, attempt.trace);
                  return next == RETRY_NOW ? attempt(run, i, attempt.number + 1) : next;
                }),
        i);
  }

  private static Throwable checkPorts(ExecutionRun run, int i, NodeResult result) {
    ExecutionPlan plan = run.plan();

    for (String port : result.outputs().keySet()) {
      if (ExecutionPlan.indexOf(plan.outputPorts[i], port) < 0
          || port.equals(PortSpec.ERROR) && !plan.continueOnFail[i]) {
        return new NonRetryableNodeException(
            "node emitted items on port '"
                + port
                + "', which it does not have; its outputs are "
                + List.of(plan.outputPorts[i]));
      }
    }
    return null;
  }

  private static NodeExecutionException classify(
      ExecutionRun run, Throwable thrown, int i, int number) {
    ExecutionPlan plan = run.plan();

    NodeExecutionException e = NodeFailure.classify(thrown, -1);
    RunSecrets secrets = run.secrets();
    if (!secrets.isEmpty()) {
      // before anything records, logs or publishes it: a server may echo a credential
      e.redact(secrets::redact);
    }
    return e.withContext(run.id().value(), plan.ids[i], number);
  }

  /**
   * {@return {@link #RETRY_NOW}, the next node to run inline, or -1}
   *
   * @param nodeTrace the attempt's trace, ended here, or {@code null}
   */
  private static int afterFailure(
      ExecutionRun run, int i, int number, NodeExecutionException error, NodeTrace nodeTrace) {
    EngineRuntime rt = run.runtime();
    ExecutionPlan plan = run.plan();
    RunEvents events = run.events();

    NodeState st = run.state(i);
    st.error = error;
    if (run.isStopping()) {
      events.attemptEnded(nodeTrace, NodeRunStatus.CANCELLED, null, error, false);
      run.finishNode(i, NodeRunStatus.CANCELLED);
      return run.release();
    }
    boolean again = plan.retry[i].shouldRetry(error, number);
    events.attemptEnded(nodeTrace, NodeRunStatus.FAILED, null, error, again);
    if (!again) {
      return fail(run, i, number, error);
    }
    Duration delay = plan.retry[i].delayAfter(number, error, rt.random);
    plan.loggers[i].debug(
        "node '{}' attempt {} failed, retrying in {} ms: {}",
        plan.ids[i],
        number,
        delay.toMillis(),
        LogText.brief(error.detail()));
    events.nodeRetrying(i, number, delay, error);
    if (delay.isZero()) {
      return RETRY_NOW;
    }
    NodeState.PendingRetry retry = new NodeState.PendingRetry();
    retry.timer =
        rt.clock.schedule(
            delay,
            () -> {
              if (retry.claim()) {
                st.pendingRetry = null;
                run.submit(() -> run.carryOn(() -> attempt(run, i, number + 1)), i);
              }
            });
    st.pendingRetry = retry; // published after the timer is set, so that cancel() can cancel it
    if (run.isStopping() && retry.claim()) { // cancelled meanwhile: cancel() may not have seen it
      retry.timer.cancel();
      run.finishNode(i, NodeRunStatus.CANCELLED);
      return run.release();
    }
    return -1; // the timer holds this node's token
  }

  /** Node {@code i} failed for good: it continues on its error output, or the execution fails. */
  static int fail(ExecutionRun run, int i, int number, NodeExecutionException error) {
    ExecutionPlan plan = run.plan();
    RunEvents events = run.events();

    NodeState st = run.state(i);
    boolean continued = plan.continueOnFail[i];
    run.finishNode(i, NodeRunStatus.FAILED);
    events.nodeFailed(i, number, error, continued);
    if (continued) {
      plan.loggers[i].info(
          "node '{}' failed and continues on its error output: {}",
          plan.ids[i],
          LogText.brief(error.getMessage()));
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("message", error.detail());
      detail.put("type", error.getClass().getSimpleName());
      detail.put("node", plan.ids[i]);
      detail.put("attempt", number);
      if (error.itemIndex() >= 0) {
        detail.put("itemIndex", error.itemIndex());
      }
      Map<String, List<Item>> outputs =
          Map.of(PortSpec.ERROR, List.of(Item.of(Map.of("error", detail))));
      st.outputs = outputs;
      return run.checkpoint(i) ? run.resolveOutputs(i, outputs) : run.release();
    }
    plan.loggers[i].warn(
        "node '{}' failed; execution {} fails: {}",
        plan.ids[i],
        run.id(),
        LogText.brief(error.getMessage()));
    run.failWith(error);
    run.checkpoint(i);
    return run.release();
  }

  private static int succeed(
      ExecutionRun run, int i, NodeResult result, Instant attemptStart, int number) {
    EngineRuntime rt = run.runtime();
    RunEvents events = run.events();

    NodeState st = run.state(i);
    Map<String, List<Item>> outputs = result.outputs();
    st.outputs = outputs;
    st.error = null;
    Instant now = attemptStart == null ? null : rt.clock.now();
    if (rt.recordNodeRuns) {
      st.finishedAt = now;
    }
    st.status = NodeRunStatus.SUCCEEDED;
    events.nodeFinished(i, number, attemptStart, now, outputs);
    return run.checkpoint(i) ? run.resolveOutputs(i, outputs) : run.release();
  }
}

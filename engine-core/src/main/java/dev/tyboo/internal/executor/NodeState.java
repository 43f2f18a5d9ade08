package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The mutable record of one node in one execution. Fields are volatile: snapshots are read from
 * other threads.
 */
final class NodeState {
  volatile NodeRunStatus status = NodeRunStatus.PENDING;
  volatile int attempts;
  volatile Instant startedAt;
  volatile Instant finishedAt;
  volatile Map<String, List<Item>> outputs = Map.of();
  volatile NodeExecutionException error;

  /** The outputs as a durable run checkpoints them, encoded when the node succeeded. */
  volatile StoredOutputs stored;

  volatile Attempt current;
  volatile PendingRetry pendingRetry;

  /** How a durable run found this node in its checkpoint; {@link #FRESH} when it must run. */
  byte restored = FRESH;

  static final byte FRESH = 0;
  static final byte FINISHED = 1;
  static final byte WAITING = 2;
  static final byte FAILED = 3;

  /** The node's wait while {@code status} is {@code WAITING}. */
  volatile dev.tyboo.node.WaitRequest wait;

  /** The token that resumes this node run (created when first asked for). */
  volatile String resumeToken;

  /** Set once a resume by token can reach the wait (it is registered, or checkpointed). */
  volatile boolean resumable;

  /** The in-memory timer of the wait's due time, or {@code null}. */
  volatile Clock.Timer waitTimer;

  /** Set by whoever ends the wait first (due time, resume, child, cancel). */
  final AtomicBoolean waitEnded = new AtomicBoolean();

  /**
   * In memory: the node run's recorded steps ({@code NodeContext.steps()}), name to JSON; made by
   * the first step (most node runs record none: no allocation on the hot path).
   */
  private java.util.Map<String, String> steps;

  /** The children started for steps ({@code startSubWorkflow(.., step)}), by step; lazily. */
  private java.util.Map<String, dev.tyboo.execution.ExecutionId> stepChildren;

  /** {@return the recorded steps, made on first use} */
  synchronized java.util.Map<String, String> steps() {
    if (steps == null) {
      steps = new java.util.concurrent.ConcurrentHashMap<>();
    }
    return steps;
  }

  /** {@return the children started for steps, made on first use; guard with this state} */
  synchronized java.util.Map<String, dev.tyboo.execution.ExecutionId> stepChildren() {
    if (stepChildren == null) {
      stepChildren = new java.util.HashMap<>();
    }
    return stepChildren;
  }

  /** The node run's steps as its context shows them, made on first use. */
  volatile RunSteps runSteps;

  /** The sub-workflow execution this node started, or {@code null}. */
  volatile dev.tyboo.execution.ExecutionId child;

  /** In memory: the sub-workflow execution itself, or {@code null}. */
  volatile dev.tyboo.execution.Execution childRun;

  /** The batches of a sub-workflow run per batch, or {@code null}; the first is {@code child}'s. */
  volatile List<List<Item>> batches;

  /** The workflow run per batch, or {@code null}. */
  volatile String batchWorkflow;

  /**
   * Input items per input port, gathered once before the first attempt; read only by the node's own
   * run.
   */
  List<Item>[] inputs;

  /**
   * A retry waiting for its timer; whoever claims it first (the timer or a cancel) handles the
   * node.
   */
  static final class PendingRetry extends AtomicBoolean {
    private static final long serialVersionUID = 1L;
    volatile Clock.Timer timer;

    boolean claim() {
      return compareAndSet(false, true);
    }
  }
}

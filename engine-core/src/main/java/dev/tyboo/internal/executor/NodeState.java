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
  volatile Attempt current;
  volatile PendingRetry pendingRetry;

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

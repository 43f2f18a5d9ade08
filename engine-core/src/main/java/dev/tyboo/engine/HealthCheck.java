package dev.tyboo.engine;

import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.internal.executor.DurableTroubles;
import dev.tyboo.spi.queue.QueueStats;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.Storage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Takes an {@link EngineHealth} snapshot of one engine against its thresholds. */
final class HealthCheck {

  private final HealthThresholds thresholds;

  HealthCheck(HealthThresholds thresholds) {
    this.thresholds = thresholds;
  }

  EngineHealth take(
      Instant now, boolean shutDown, int running, Storage storage, DurableTroubles troubles) {
    List<String> down = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    if (shutDown) {
      down.add("the engine is shut down");
    }
    double cpu = cpuLoad();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    int depth = -1;
    Duration age = Duration.ZERO;
    long waiting = -1;
    long dead = -1;
    boolean reachable = true;
    if (storage != null) {
      try {
        QueueStats q = storage.queue().stats();
        depth = q.due();
        if (q.oldestDue() != null && q.oldestDue().isBefore(now)) {
          age = Duration.between(q.oldestDue(), now);
        }
        ExecutionStore executions = storage.executions();
        if (executions.capabilities().contains(ExecutionStore.Capability.QUERIES)) {
          waiting = count(executions, ExecutionStatus.WAITING);
          dead = count(executions, ExecutionStatus.FAILED);
        }
      } catch (RuntimeException e) {
        reachable = false;
        down.add("the storage cannot be reached: " + e.getMessage());
      }
    }
    if (heap.getMax() > 0 && heap.getUsed() > thresholds.maxHeapUsed() * heap.getMax()) {
      degraded.add(
          "heap "
              + percent((double) heap.getUsed() / heap.getMax())
              + " used (threshold "
              + percent(thresholds.maxHeapUsed())
              + ")");
    }
    if (cpu > thresholds.maxCpuLoad()) {
      degraded.add(
          "CPU load " + percent(cpu) + " (threshold " + percent(thresholds.maxCpuLoad()) + ")");
    }
    if (depth > thresholds.maxQueueDepth()) {
      degraded.add(
          depth + " work items due and waiting (threshold " + thresholds.maxQueueDepth() + ")");
    }
    if (age.compareTo(thresholds.maxQueueAge()) > 0) {
      degraded.add(
          "the oldest due work item has waited "
              + age
              + " (threshold "
              + thresholds.maxQueueAge()
              + ")");
    }
    int failing = troubles == null ? -1 : troubles.failingExecutions();
    int stuck = troubles == null ? -1 : troubles.stuckExecutions();
    int blocked = troubles == null ? -1 : troubles.blockedSlots();
    if (failing > 0) {
      degraded.add(
          failing
              + " execution(s) could not be checkpointed or claimed by this engine; their work is"
              + " handed back with a growing delay and fails after maxDeliveries claims");
    }
    if (stuck > 0) {
      degraded.add(
          stuck
              + " execution(s) were claimed here at their third delivery or later without progress"
              + " (leases ran out or claims failed); they fail after maxDeliveries claims");
    }
    if (blocked > 0) {
      String slots =
          blocked
              + " of "
              + troubles.slots()
              + " worker slot(s) have been in one storage call for longer than the lease time"
              + " (a locked row? a database that does not answer?)";
      (blocked >= troubles.slots() ? down : degraded).add(slots);
    }
    if (dead > thresholds.maxDeadLetters()) {
      degraded.add(dead + " dead letters (threshold " + thresholds.maxDeadLetters() + ")");
    }
    HealthStatus status =
        !down.isEmpty()
            ? HealthStatus.DOWN
            : degraded.isEmpty() ? HealthStatus.UP : HealthStatus.DEGRADED;
    List<String> reasons = new ArrayList<>(down);
    reasons.addAll(degraded);
    return new EngineHealth(
        status,
        reasons,
        now,
        cpu,
        heap.getUsed(),
        heap.getMax(),
        depth,
        age,
        running,
        waiting,
        dead,
        reachable,
        failing,
        stuck,
        blocked);
  }

  private static long count(ExecutionStore store, ExecutionStatus status) {
    return store.query(ExecutionQuery.builder().status(status).page(0, 1).build()).total();
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  /** The JVM's CPU share where the JDK reports it (module jdk.management), else -1. */
  private static double cpuLoad() {
    try {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        double load = os.getProcessCpuLoad();
        return load < 0 ? -1 : load;
      }
    } catch (LinkageError e) {
      // a run-time image without jdk.management
    }
    return -1;
  }
}

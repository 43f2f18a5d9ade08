package dev.tyboo.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of an engine's health ({@link Engine#health()}): the verdict, why, and the figures it
 * rests on. Figures that do not apply (no storage) or cannot be read are {@code -1}.
 *
 * @param status the verdict
 * @param reasons why it is not {@code UP}, one sentence each; empty when it is
 * @param checkedAt when the snapshot was taken
 * @param cpuLoad the JVM's share of the machine's CPU, 0 to 1, or {@code -1}
 * @param heapUsed heap bytes in use
 * @param heapMax the largest heap in bytes, or {@code -1} when unbounded
 * @param queueDepth the backlog of due work in the shared queue, or {@code -1}
 * @param oldestQueuedAge how long the oldest due work has waited; zero without backlog
 * @param runningExecutions executions running in this engine now
 * @param waitingExecutions executions waiting without a thread (every engine on the storage), or
 *     {@code -1}
 * @param deadLetters failed executions kept as dead letters, or {@code -1}
 * @param storageReachable whether the storage answered (always {@code true} without storage)
 * @param failingExecutions executions whose last claim by this engine ended because their
 *     checkpoint could not be written (they are handed back with a growing delay, then failed), or
 *     {@code -1} without storage
 * @param stuckExecutions executions this engine claimed in the last five minutes at their third
 *     delivery or later (twice claimed without progress: a lease ran out, a claim or a checkpoint
 *     failed) and that have not finished or parked since, or {@code -1} without storage
 * @param blockedSlots this engine's worker slots that have been in one storage call for longer than
 *     the lease time (a row locked by someone else, a database that does not answer), or {@code -1}
 *     without storage
 */
public record EngineHealth(
    HealthStatus status,
    List<String> reasons,
    Instant checkedAt,
    double cpuLoad,
    long heapUsed,
    long heapMax,
    int queueDepth,
    Duration oldestQueuedAge,
    int runningExecutions,
    long waitingExecutions,
    long deadLetters,
    boolean storageReachable,
    int failingExecutions,
    int stuckExecutions,
    int blockedSlots) {

  /** Validates and copies the components. */
  public EngineHealth {
    Objects.requireNonNull(status, "status");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(oldestQueuedAge, "oldestQueuedAge");
  }
}

package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.spi.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a durable engine remembers of its claims that did not go well, for dead letters' reasons and
 * for health: why an execution's last claim here failed, and which executions were claimed again
 * and again without progress. Entries are forgotten once the execution finishes or parks here, or
 * after five minutes (it finished elsewhere, or was not claimed here again).
 */
final class ClaimTroubles {

  /** The delivery from which an execution counts as stuck: twice claimed without progress. */
  static final int STUCK_DELIVERY = 3;

  private static final Duration MEMORY = Duration.ofMinutes(5);

  /** Why a claim did not finish, and when. */
  private record Entry(String reason, Instant at) {}

  private final Clock clock;
  private final Map<ExecutionId, Entry> failures = new ConcurrentHashMap<>();
  private final Map<ExecutionId, Entry> stuck = new ConcurrentHashMap<>();

  ClaimTroubles(Clock clock) {
    this.clock = clock;
  }

  /** Records why an execution's claim here did not finish. */
  void failed(ExecutionId id, String reason) {
    failures.put(id, new Entry(reason, clock.now()));
  }

  /** {@return why the execution's last claim here failed, or {@code null}} */
  String lastFailure(ExecutionId id) {
    Entry e = failures.get(id);
    return e == null ? null : e.reason();
  }

  /** Notes a claim at a delivery; from the {@link #STUCK_DELIVERY}th the execution counts stuck. */
  void claimed(ExecutionId id, int delivery) {
    if (delivery >= STUCK_DELIVERY) {
      stuck.put(id, new Entry("claimed " + delivery + " times", clock.now()));
    }
  }

  /** Forgets an execution's troubles: it made progress here. */
  void progressed(ExecutionId id) {
    stuck.remove(id);
  }

  /** Forgets everything of an execution: it ended, or was given up. */
  void ended(ExecutionId id) {
    failures.remove(id);
    stuck.remove(id);
  }

  /** {@return executions whose last claim here failed, in the last five minutes} */
  int failing() {
    forgetOld();
    return failures.size();
  }

  /**
   * {@return executions claimed here at their third delivery or later, in the last five minutes}
   */
  int stuck() {
    forgetOld();
    return stuck.size();
  }

  private void forgetOld() {
    Instant cutoff = clock.now().minus(MEMORY);
    failures.values().removeIf(f -> f.at().isBefore(cutoff));
    stuck.values().removeIf(f -> f.at().isBefore(cutoff));
  }
}

package dev.tyboo.spi.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * Where schedules record their fires, so that a fire happens once even when several processes run
 * the same schedule, and so that fires missed during downtime can be found after a restart.
 *
 * <p>Every process computes the same fire times for a schedule; each calls {@link #claim} for a due
 * time, and only the first caller for that time wins and starts the workflow. A claim and the
 * action it guards are one transaction where the implementation shares one with the engine's
 * storage (the JDBC ledger does): a crash between them neither loses the fire nor runs it twice.
 *
 * <p>Implementations must be thread-safe and safe across processes that share them. The contract
 * test {@code ScheduleLedgerContract} (engine-testkit) says what they must do.
 */
public interface ScheduleLedger {

  /** {@return a ledger in this JVM's memory: one process, forgotten on restart} */
  static ScheduleLedger inMemory() {
    return new InMemoryScheduleLedger();
  }

  /**
   * {@return the latest fire time recorded for a schedule, or empty when it never fired}
   *
   * @param schedule the schedule's key, e.g. {@code workflowName/nodeId}
   */
  Optional<Instant> lastFire(String schedule);

  /**
   * Records that a schedule fires at {@code fireTime} and runs {@code action}, unless a fire at
   * that time or later is recorded already. Exactly one of several concurrent callers for the same
   * time wins.
   *
   * @param schedule the schedule's key
   * @param fireTime the fire time, as every process computes it
   * @param action what the fire does (start the workflow); run only by the winner, in the claim's
   *     transaction when the implementation has one
   * @return whether this caller won (and ran the action)
   * @throws RuntimeException what the action threw; the claim is then not recorded (when the
   *     implementation is transactional) and may be retried
   * @throws dev.tyboo.error.StorageException when the ledger cannot be read or written
   */
  boolean claim(String schedule, Instant fireTime, Runnable action);
}

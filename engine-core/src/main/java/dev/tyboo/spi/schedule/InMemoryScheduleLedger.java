package dev.tyboo.spi.schedule;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link ScheduleLedger} in memory; the claim and its action hold one lock. */
final class InMemoryScheduleLedger implements ScheduleLedger {

  private final Map<String, Instant> lastFires = new HashMap<>();

  @Override
  public synchronized Optional<Instant> lastFire(String schedule) {
    return Optional.ofNullable(lastFires.get(Objects.requireNonNull(schedule, "schedule")));
  }

  @Override
  public synchronized boolean claim(String schedule, Instant fireTime, Runnable action) {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(fireTime, "fireTime");
    Objects.requireNonNull(action, "action");
    Instant last = lastFires.get(schedule);
    if (last != null && !last.isBefore(fireTime)) {
      return false;
    }
    action.run(); // throws: nothing recorded
    lastFires.put(schedule, fireTime);
    return true;
  }
}

package dev.tyboo.testkit.spi.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.spi.queue.Lease;
import dev.tyboo.spi.queue.QueueStats;
import dev.tyboo.spi.queue.WorkQueue;
import dev.tyboo.spi.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkQueue} must do. Implementations' tests extend this class and hand it a
 * fresh, empty queue on the given clock.
 */
public abstract class WorkQueueContract {

  /** For subclasses, which supply the implementation under test. */
  protected WorkQueueContract() {}

  /** The start of test time. */
  protected static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  private static final Duration LEASE = Duration.ofSeconds(30);

  /**
   * {@return a fresh, empty queue}
   *
   * @param clock the clock that decides due times and lease expiry
   */
  protected abstract WorkQueue createQueue(ManualClock clock);

  private final ManualClock clock = ManualClock.at(T0);

  private static ExecutionId id(int n) {
    return ExecutionId.of("exec-" + n);
  }

  @Test
  void should_deliver_due_items_oldest_first_and_forget_completed_ones() {
    WorkQueue queue = createQueue(clock);
    queue.enqueue(id(1), null);
    clock.advance(Duration.ofMillis(1));
    queue.enqueue(id(2), null);

    Lease first = queue.claim("w1", LEASE).orElseThrow();
    Lease second = queue.claim("w2", LEASE).orElseThrow();

    assertThat(first.executionId()).isEqualTo(id(1));
    assertThat(second.executionId()).isEqualTo(id(2));
    assertThat(first.delivery()).isEqualTo(1);
    assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
    assertThat(queue.claim("w3", LEASE)).isEmpty();
    queue.complete(first);
    queue.complete(second);
    assertThat(queue.size()).isZero();
  }

  @Test
  void a_batch_claim_takes_what_is_due_up_to_its_size_each_under_its_own_token() {
    WorkQueue queue = createQueue(clock);
    for (int i = 1; i <= 3; i++) {
      queue.enqueue(id(i), null);
      clock.advance(Duration.ofMillis(1));
    }
    queue.enqueue(id(9), T0.plus(Duration.ofDays(1))); // not due

    List<Lease> two = queue.claim("w1", LEASE, 2);
    List<Lease> rest = queue.claim("w2", LEASE, 5);

    assertThat(two).hasSize(2);
    assertThat(rest).hasSize(1).allMatch(l -> l.delivery() == 1);
    assertThat(java.util.stream.Stream.concat(two.stream(), rest.stream()))
        .extracting(Lease::executionId)
        .containsExactlyInAnyOrder(id(1), id(2), id(3));
    assertThat(java.util.stream.Stream.concat(two.stream(), rest.stream()))
        .extracting(Lease::fencingToken)
        .doesNotHaveDuplicates();
    assertThat(queue.claim("w3", LEASE, 4)).isEmpty();
    assertThatThrownBy(() -> queue.claim("w3", LEASE, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_hold_items_until_they_are_due() {
    WorkQueue queue = createQueue(clock);
    queue.enqueue(id(1), T0.plus(Duration.ofDays(3)));

    assertThat(queue.claim("w", LEASE)).isEmpty();
    clock.advance(Duration.ofDays(3).minusMillis(1));
    assertThat(queue.claim("w", LEASE)).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(queue.claim("w", LEASE)).isPresent();
  }

  @Test
  void should_redeliver_after_the_lease_expires_with_a_newer_token() {
    WorkQueue queue = createQueue(clock);
    queue.enqueue(id(1), null);
    Lease crashed = queue.claim("w1", LEASE).orElseThrow();

    assertThat(queue.claim("w2", LEASE)).isEmpty();
    clock.advance(LEASE);
    Lease taken = queue.claim("w2", LEASE).orElseThrow();

    assertThat(taken.workId()).isEqualTo(crashed.workId());
    assertThat(taken.delivery()).isEqualTo(2);
    assertThat(taken.fencingToken()).isGreaterThan(crashed.fencingToken());
    assertThatThrownBy(() -> queue.complete(crashed))
        .isInstanceOf(StaleLeaseException.class)
        .hasMessageContaining("w1");
    assertThatThrownBy(() -> queue.renew(crashed, LEASE)).isInstanceOf(StaleLeaseException.class);
    queue.complete(taken);
    assertThat(queue.size()).isZero();
  }

  @Test
  void should_refuse_an_expired_lease_even_before_anyone_else_claims() {
    WorkQueue queue = createQueue(clock);
    queue.enqueue(id(1), null);
    Lease lease = queue.claim("w1", LEASE).orElseThrow();
    clock.advance(LEASE.plusMillis(1));

    assertThatThrownBy(() -> queue.complete(lease))
        .isInstanceOf(StaleLeaseException.class)
        .hasMessageContaining("expired");
    assertThat(queue.claim("w2", LEASE)).isPresent();
  }

  @Test
  void should_keep_a_renewed_lease() {
    WorkQueue queue = createQueue(clock);
    queue.enqueue(id(1), null);
    Lease lease = queue.claim("w1", LEASE).orElseThrow();

    clock.advance(LEASE.minusSeconds(1));
    Lease renewed = queue.renew(lease, LEASE);
    clock.advance(LEASE.minusSeconds(1));

    assertThat(renewed.fencingToken()).isEqualTo(lease.fencingToken());
    assertThat(renewed.expiresAt()).isAfter(lease.expiresAt());
    assertThat(queue.claim("w2", LEASE)).isEmpty();
    queue.complete(renewed);
  }

  @Test
  void should_postpone_and_dead_letter() {
    WorkQueue queue = createQueue(clock);
    queue.enqueue(id(1), null);
    queue.enqueue(id(2), null);
    Lease waiting = queue.claim("w", LEASE).orElseThrow();
    Lease hopeless = queue.claim("w", LEASE).orElseThrow();

    queue.retryLater(waiting, T0.plus(Duration.ofHours(1)));
    queue.deadLetter(hopeless, "poison: cannot parse checkpoint");

    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.claim("w", LEASE)).isEmpty();
    assertThat(queue.deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.executionId()).isEqualTo(id(2));
              assertThat(d.reason()).contains("poison");
              assertThat(d.deliveries()).isEqualTo(1);
            });
    assertThatThrownBy(() -> queue.complete(waiting)).isInstanceOf(StaleLeaseException.class);
    clock.advance(Duration.ofHours(1));
    assertThat(queue.claim("w", LEASE)).get().extracting(Lease::executionId).isEqualTo(id(1));
  }

  @Test
  void should_count_deliveries_until_the_holder_reschedules() {
    WorkQueue queue = createQueue(clock);
    queue.enqueue(id(1), null);
    Lease first = queue.claim("w", LEASE).orElseThrow();
    queue.retryLater(first, T0);
    Lease second = queue.claim("w", LEASE).orElseThrow();
    assertThat(second.delivery()).as("a retry counts").isEqualTo(2);
    clock.advance(LEASE);
    Lease third = queue.claim("w", LEASE).orElseThrow();
    assertThat(third.delivery()).as("an expired lease counts").isEqualTo(3);

    queue.reschedule(third, T0.plus(Duration.ofMinutes(1)));
    assertThatThrownBy(() -> queue.complete(third)).isInstanceOf(StaleLeaseException.class);
    assertThat(queue.claim("w", LEASE)).as("not due yet").isEmpty();
    clock.advance(Duration.ofMinutes(1));
    Lease planned = queue.claim("w", LEASE).orElseThrow();
    assertThat(planned.executionId()).isEqualTo(id(1));
    assertThat(planned.delivery()).as("a planned return starts counting again").isEqualTo(1);
    assertThat(planned.fencingToken()).isGreaterThan(third.fencingToken());
  }

  @Test
  void should_count_backlog_scheduled_leased_and_dead_items_and_the_backlogs_age() {
    WorkQueue queue = createQueue(clock);
    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, null));
    queue.enqueue(id(1), null); // due at T0
    queue.enqueue(id(2), null);
    clock.advance(Duration.ofSeconds(1));
    queue.enqueue(id(3), null); // due at T0 + 1 s
    queue.enqueue(id(4), T0.plus(Duration.ofDays(1)));
    Lease held = queue.claim("w1", LEASE).orElseThrow(); // exec-1
    Lease dying = queue.claim("w1", LEASE).orElseThrow(); // exec-2
    queue.deadLetter(dying, "poison");

    assertThat(queue.stats()).isEqualTo(new QueueStats(1, 1, 1, 1, T0.plus(Duration.ofSeconds(1))));

    clock.advance(LEASE); // exec-1's lease runs out: it is backlog again
    QueueStats later = queue.stats();
    assertThat(later.due()).isEqualTo(2);
    assertThat(later.leased()).isZero();
    assertThat(later.oldestDue()).isEqualTo(T0.plus(Duration.ofSeconds(1)));
    assertThat(held.executionId()).isEqualTo(id(1));
  }

  @Test
  void should_reject_bad_arguments() {
    WorkQueue queue = createQueue(clock);
    assertThatThrownBy(() -> queue.enqueue(null, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> queue.claim("w", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaseTime");
  }

  @Test
  void should_deliver_each_item_to_exactly_one_of_competing_workers() throws Exception {
    WorkQueue queue = createQueue(clock);
    int items = 10_000;
    for (int i = 0; i < items; i++) {
      queue.enqueue(id(i), null);
    }
    Map<ExecutionId, Integer> completions = new ConcurrentHashMap<>();
    AtomicInteger stale = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(4);
    CyclicBarrier start = new CyclicBarrier(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String owner = "worker-" + w;
        done.add(
            workers.submit(
                () -> {
                  start.await(); // all four compete from the first item on
                  int mine = 0;
                  for (Optional<Lease> lease = queue.claim(owner, LEASE);
                      lease.isPresent();
                      lease = queue.claim(owner, LEASE)) {
                    try {
                      queue.complete(lease.get());
                      completions.merge(lease.get().executionId(), 1, Integer::sum);
                      mine++;
                    } catch (StaleLeaseException e) {
                      stale.incrementAndGet();
                    }
                  }
                  return mine;
                }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        int mine = f.get();
        assertThat(mine).as("every worker got work").isPositive();
        total += mine;
      }
      assertThat(total).isEqualTo(items);
    } finally {
      workers.shutdownNow();
    }
    assertThat(completions).hasSize(items).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(stale).hasValue(0);
    assertThat(queue.size()).isZero();
  }
}

package dev.tyboo.testkit.spi.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.spi.schedule.ScheduleLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ScheduleLedger} must do. Implementations' tests extend this class. */
public abstract class ScheduleLedgerContract {

  /** For subclasses, which supply the implementation under test. */
  protected ScheduleLedgerContract() {}

  /** {@return a fresh, empty ledger} */
  protected abstract ScheduleLedger createLedger();

  /** The ledger under test, fresh for each test. */
  protected ScheduleLedger ledger;

  private static final Instant T0 = Instant.parse("2026-03-29T00:30:00Z");

  @BeforeEach
  void open() {
    ledger = createLedger();
  }

  @Test
  void should_record_the_first_claim_of_a_fire_time_and_refuse_the_same_or_an_earlier_one() {
    AtomicInteger runs = new AtomicInteger();

    assertThat(ledger.lastFire("a/hook")).isEmpty();
    assertThat(ledger.claim("a/hook", T0, runs::incrementAndGet)).isTrue();
    assertThat(ledger.claim("a/hook", T0, runs::incrementAndGet)).isFalse();
    assertThat(ledger.claim("a/hook", T0.minusSeconds(60), runs::incrementAndGet)).isFalse();
    assertThat(ledger.lastFire("a/hook")).contains(T0);
    assertThat(ledger.claim("a/hook", T0.plusSeconds(60), runs::incrementAndGet)).isTrue();

    assertThat(runs).hasValue(2);
    assertThat(ledger.lastFire("a/hook")).contains(T0.plusSeconds(60));
  }

  @Test
  void should_keep_schedules_apart() {
    assertThat(ledger.claim("a/hook", T0, () -> {})).isTrue();
    assertThat(ledger.claim("b/hook", T0, () -> {})).isTrue();
    assertThat(ledger.lastFire("c/hook")).isEmpty();
  }

  @Test
  void should_keep_microsecond_precision() {
    Instant precise = Instant.parse("2026-03-29T00:30:00.123456Z");
    assertThat(ledger.claim("p", precise, () -> {})).isTrue();
    assertThat(ledger.lastFire("p")).contains(precise);
    assertThat(ledger.claim("p", precise.plusNanos(1000), () -> {})).isTrue();
  }

  @Test
  void should_not_record_a_claim_whose_action_failed() {
    assertThatThrownBy(
            () ->
                ledger.claim(
                    "f",
                    T0,
                    () -> {
                      throw new IllegalStateException("engine down");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("engine down");

    assertThat(ledger.lastFire("f")).isEmpty();
    assertThat(ledger.claim("f", T0, () -> {})).isTrue();
  }

  @Test
  void should_let_exactly_one_of_many_concurrent_claimants_win() throws Exception {
    for (int round = 0; round < 5; round++) {
      Instant fire = T0.plusSeconds(round);
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          claims.add(
              pool.submit(
                  () -> {
                    go.await();
                    return ledger.claim("race", fire, runs::incrementAndGet);
                  }));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> c : claims) {
          won += c.get() ? 1 : 0;
        }
        assertThat(won).as("winners of round " + round).isEqualTo(1);
        assertThat(runs).as("actions run in round " + round).hasValue(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}

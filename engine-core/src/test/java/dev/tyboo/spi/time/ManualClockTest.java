package dev.tyboo.spi.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void should_run_due_timers_in_order_with_the_clock_at_their_due_time() {
    ManualClock clock = ManualClock.at(T0);
    List<String> log = new CopyOnWriteArrayList<>();
    clock.schedule(Duration.ofSeconds(3), () -> log.add("c@" + clock.now()));
    clock.schedule(Duration.ofSeconds(1), () -> log.add("a@" + clock.now()));
    clock.schedule(Duration.ofSeconds(1), () -> log.add("b@" + clock.now()));
    clock.schedule(Duration.ofDays(3), () -> log.add("late"));

    clock.advance(Duration.ofSeconds(5));

    assertThat(log)
        .containsExactly(
            "a@" + T0.plusSeconds(1), "b@" + T0.plusSeconds(1), "c@" + T0.plusSeconds(3));
    assertThat(clock.now()).isEqualTo(T0.plusSeconds(5));
    assertThat(clock.pendingTimers()).isEqualTo(1);
    assertThat(clock.nextTimerDelay()).isEqualTo(Duration.ofDays(3).minusSeconds(5));
  }

  @Test
  void should_cancel_timers() {
    ManualClock clock = ManualClock.at(T0);
    List<String> log = new CopyOnWriteArrayList<>();
    Clock.Timer timer = clock.schedule(Duration.ofSeconds(1), () -> log.add("x"));
    assertThat(timer.cancel()).isTrue();
    assertThat(timer.cancel()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(log).isEmpty();
  }

  @Test
  void should_wait_for_a_timer_and_jump_to_it() throws Exception {
    ManualClock clock = ManualClock.at(T0);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              clock.schedule(Duration.ofHours(72), () -> {});
            });
    assertThat(clock.advanceToNextTimer(Duration.ofSeconds(5))).isEqualTo(Duration.ofHours(72));
    assertThat(clock.now()).isEqualTo(T0.plus(Duration.ofHours(72)));
    assertThatThrownBy(() -> clock.advanceToNextTimer(Duration.ofMillis(20)))
        .isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_run_system_timers() throws Exception {
    try (Clock clock = Clock.system()) {
      java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
      clock.schedule(Duration.ofMillis(10), ran::countDown);
      assertThat(ran.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(clock.now()).isAfter(T0);
    }
  }
}

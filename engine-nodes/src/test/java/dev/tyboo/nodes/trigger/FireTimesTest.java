package dev.tyboo.nodes.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FireTimesTest {

  private static List<String> next(FireTimes times, String from, int n) {
    List<String> out = new ArrayList<>();
    Instant t = Instant.parse(from);
    for (int i = 0; i < n; i++) {
      t = times.after(t);
      out.add(t.atZone(times.zone()).toOffsetDateTime().toString());
    }
    return out;
  }

  private static FireTimes cron(String cron, String zone) {
    return FireTimes.of(Map.of("cron", cron, "timeZone", zone));
  }

  @Test
  void a_daily_time_in_the_spring_gap_fires_once_that_much_later() {
    // Paris, 2026-03-29: 02:00 -> 03:00
    assertThat(next(cron("30 2 * * *", "Europe/Paris"), "2026-03-27T12:00:00Z", 3))
        .containsExactly(
            "2026-03-28T02:30+01:00", "2026-03-29T03:30+02:00", "2026-03-30T02:30+02:00");
  }

  @Test
  void a_daily_time_repeated_by_the_fall_back_fires_once() {
    // Paris, 2026-10-25: 03:00 -> 02:00, so 02:30 happens twice
    assertThat(next(cron("30 2 * * *", "Europe/Paris"), "2026-10-24T12:00:00Z", 2))
        .containsExactly("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00");
  }

  @Test
  void an_hourly_job_fires_every_real_hour_across_both_changes() {
    assertThat(next(cron("0 * * * *", "Europe/Paris"), "2026-03-29T00:30:00Z", 3))
        .containsExactly(
            "2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00", "2026-03-29T05:00+02:00");
    assertThat(next(cron("0 * * * *", "Europe/Paris"), "2026-10-24T23:30:00Z", 3))
        .containsExactly(
            "2026-10-25T02:00+02:00", "2026-10-25T02:00+01:00", "2026-10-25T03:00+01:00");
    assertThat(next(cron("*/30 * * * *", "Europe/Paris"), "2026-03-29T00:15:00Z", 3))
        .containsExactly(
            "2026-03-29T01:30+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:30+02:00");
  }

  @Test
  void cron_is_read_in_its_time_zone_and_may_have_seconds() {
    assertThat(next(cron("0 8 * * MON-FRI", "America/New_York"), "2026-11-27T14:00:00Z", 2))
        .containsExactly("2026-11-30T08:00-05:00", "2026-12-01T08:00-05:00");
    assertThat(next(cron("*/20 * * * * *", "UTC"), "2026-11-26T10:00:05Z", 3))
        .containsExactly("2026-11-26T10:00:20Z", "2026-11-26T10:00:40Z", "2026-11-26T10:01Z");
    assertThat(cron("0 8 * * *", "UTC").atOrBefore(Instant.parse("2026-11-26T08:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
    assertThat(cron("0 8 * * *", "UTC").atOrBefore(Instant.parse("2026-11-26T07:59:59Z")))
        .isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
  }

  @Test
  void intervals_are_aligned_to_the_epoch_so_every_process_agrees() {
    FireTimes every15 = FireTimes.of(Map.of("every", "PT15M"));
    assertThat(every15.after(Instant.parse("2026-11-26T10:07:12.5Z")))
        .isEqualTo(Instant.parse("2026-11-26T10:15:00Z"));
    assertThat(every15.after(Instant.parse("2026-11-26T10:15:00Z")))
        .isEqualTo(Instant.parse("2026-11-26T10:30:00Z"));
    assertThat(every15.atOrBefore(Instant.parse("2026-11-26T10:29:59Z")))
        .isEqualTo(Instant.parse("2026-11-26T10:15:00Z"));
  }

  @Test
  void bad_schedules_name_the_parameter_and_the_reason() {
    assertThatThrownBy(() -> FireTimes.of(Map.of("cron", "61 * * * *")))
        .hasMessageStartingWith("cron: '61 * * * *': ")
        .hasMessageContaining("61");
    assertThatThrownBy(() -> FireTimes.of(Map.of("cron", "* * *")))
        .hasMessage(
            "cron: '* * *' has 3 fields; use 5 (minute hour day month weekday) or 6 (seconds first)");
    assertThatThrownBy(() -> FireTimes.of(Map.of("every", "15m")))
        .hasMessageStartingWith("every: '15m' is not an ISO-8601 duration");
    assertThatThrownBy(() -> FireTimes.of(Map.of("every", "PT0.5S")))
        .hasMessageContaining("at least PT1S");
    assertThatThrownBy(() -> FireTimes.of(Map.of("cron", "* * * * *", "every", "PT1M")))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> FireTimes.of(Map.of("cron", "* * * * *", "timeZone", "Mars/Olympus")))
        .hasMessageStartingWith("timeZone: 'Mars/Olympus'");
    assertThatThrownBy(() -> FireTimes.of(Map.of())).hasMessageStartingWith("cron: give 'cron'");
  }
}

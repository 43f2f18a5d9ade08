package dev.tyboo.nodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Retry-After as seconds, fractions, HTTP dates, nonsense, and waits too long to believe. */
class RetryAfterTest {

  @Test
  void seconds_fractions_and_dates() {
    assertThat(RetryAfter.parse("120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 1.5 ")).isEqualTo(Duration.ofMillis(1500));
    String inAMinute =
        ZonedDateTime.now(ZoneOffset.UTC)
            .plusSeconds(60)
            .format(DateTimeFormatter.RFC_1123_DATE_TIME);
    assertThat(RetryAfter.parse(inAMinute))
        .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).as("passed").isZero();
  }

  @Test
  void nonsense_is_no_wait_and_a_huge_wait_is_capped() {
    assertThat(RetryAfter.parse("soon")).isNull();
    assertThat(RetryAfter.parse("-3")).isNull();
    assertThat(RetryAfter.parse(null)).isNull();
    assertThat(RetryAfter.parse("99999999")).isEqualTo(RetryAfter.MAX);
  }
}

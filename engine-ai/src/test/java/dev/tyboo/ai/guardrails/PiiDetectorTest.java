package dev.tyboo.ai.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks behind the detectors, on the values their standards publish. */
class PiiDetectorTest {

  @Test
  void iban_check_digits_and_lengths() {
    assertThat(PiiDetector.validIban("DE89 3704 0044 0532 0130 00")).isTrue();
    assertThat(PiiDetector.validIban("DE89 3704 0044 0532 0130 01")).as("check fails").isFalse();
    assertThat(PiiDetector.validIban("DE89 3704 0044 0532 0130 0")).as("too short").isFalse();
    assertThat(PiiDetector.validIban("ZZ89 3704 0044 0532 0130 00"))
        .as("no such country")
        .isFalse();
  }

  @Test
  void cards_need_luhn_an_issuer_and_its_length() {
    assertThat(PiiDetector.validCard("4111111111111111")).isTrue();
    assertThat(PiiDetector.validCard("4111111111111112")).as("Luhn fails").isFalse();
    assertThat(PiiDetector.validCard("378282246310005")).as("Amex, 15 digits").isTrue();
    assertThat(PiiDetector.validCard("0000000000000000")).as("no issuer").isFalse();
  }

  @Test
  void ipv6_literals() {
    assertThat(PiiDetector.validIpv6("2001:db8::8a2e:370:7334")).isTrue();
    assertThat(PiiDetector.validIpv6("2001:db8:0:0:0:0:2:1")).isTrue();
    assertThat(PiiDetector.validIpv6("1::2::3")).isFalse();
    assertThat(PiiDetector.validIpv6("10:30:45")).isFalse();
  }

  @Test
  void kinds_can_be_limited_and_long_texts_are_refused() {
    String text = "ada@example.com 4111 1111 1111 1111";
    assertThat(PiiDetector.of(Set.of(PiiType.EMAIL)).find(text))
        .extracting(PiiFinding::type)
        .containsExactly(PiiType.EMAIL);
    assertThat(PiiDetector.redact(text, PiiDetector.all().find(text)))
        .isEqualTo("[EMAIL] [CREDIT_CARD]");
    assertThatThrownBy(() -> PiiDetector.all().find("x".repeat(PiiDetector.MAX_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

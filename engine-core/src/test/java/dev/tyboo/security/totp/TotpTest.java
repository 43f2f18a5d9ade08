package dev.tyboo.security.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.TotpVerificationException;
import dev.tyboo.error.TotpVerificationException.Reason;
import dev.tyboo.security.totp.Totp.Algorithm;
import dev.tyboo.spi.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

  private static final TotpSecret SHA1_SEED =
      TotpSecret.ofBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
  private static final TotpSecret SHA256_SEED =
      TotpSecret.ofBytes("12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII));
  private static final TotpSecret SHA512_SEED =
      TotpSecret.ofBytes(
          ("1234567890123456789012345678901234567890123456789012345678901234")
              .getBytes(StandardCharsets.US_ASCII));

  /** RFC 6238, appendix B: every test vector. */
  @ParameterizedTest(name = "{0} s, {2}")
  @CsvSource({
    "59, 94287082, SHA1",
    "59, 46119246, SHA256",
    "59, 90693936, SHA512",
    "1111111109, 07081804, SHA1",
    "1111111109, 68084774, SHA256",
    "1111111109, 25091201, SHA512",
    "1111111111, 14050471, SHA1",
    "1111111111, 67062674, SHA256",
    "1111111111, 99943326, SHA512",
    "1234567890, 89005924, SHA1",
    "1234567890, 91819424, SHA256",
    "1234567890, 93441116, SHA512",
    "2000000000, 69279037, SHA1",
    "2000000000, 90698825, SHA256",
    "2000000000, 38618901, SHA512",
    "20000000000, 65353130, SHA1",
    "20000000000, 77737706, SHA256",
    "20000000000, 47863826, SHA512"
  })
  void gives_the_rfc_6238_test_vectors(long seconds, String expected, Algorithm algorithm) {
    Totp totp = Totp.builder().algorithm(algorithm).digits(8).build();
    TotpSecret seed =
        switch (algorithm) {
          case SHA1 -> SHA1_SEED;
          case SHA256 -> SHA256_SEED;
          case SHA512 -> SHA512_SEED;
        };

    assertThat(totp.code(seed, Instant.ofEpochSecond(seconds))).isEqualTo(expected);
  }

  private final ManualClock clock = ManualClock.at(Instant.ofEpochSecond(1_111_111_111));
  private final Totp totp = Totp.builder().clock(clock).build();

  @Test
  void accepts_the_code_of_now_and_of_one_step_either_side_once() {
    String now = totp.code(SHA1_SEED, clock.now());
    long step = totp.verify(SHA1_SEED, now, -1);

    assertThat(step).isEqualTo(totp.step(clock.now()));
    assertThatThrownBy(() -> totp.verify(SHA1_SEED, now, step))
        .isInstanceOfSatisfying(
            TotpVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED))
        .hasMessageNotContaining(now);

    String next = totp.code(SHA1_SEED, clock.now().plusSeconds(30));
    assertThat(totp.verify(SHA1_SEED, next, step)).isEqualTo(step + 1);
    String previous = totp.code(SHA1_SEED, clock.now().minusSeconds(30));
    assertThat(totp.verify(SHA1_SEED, previous, -1)).isEqualTo(step - 1);
  }

  @Test
  void an_older_code_is_expired_a_wrong_one_invalid_and_garbage_malformed() {
    String old = totp.code(SHA1_SEED, clock.now().minus(Duration.ofMinutes(2)));

    assertThatThrownBy(() -> totp.verify(SHA1_SEED, old, -1))
        .isInstanceOfSatisfying(
            TotpVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    String wrong = totp.code(SHA256_SEED, clock.now());
    assertThatThrownBy(() -> totp.verify(SHA1_SEED, wrong, -1))
        .isInstanceOfSatisfying(
            TotpVerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    for (String garbage : new String[] {"12345", "1234567", "12a456", "", null}) {
      assertThatThrownBy(() -> totp.verify(SHA1_SEED, garbage, -1))
          .isInstanceOfSatisfying(
              TotpVerificationException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  void new_secrets_are_random_and_round_trip_through_base32_and_the_otpauth_uri() {
    TotpSecret a = totp.newSecret();
    TotpSecret b = totp.newSecret();

    assertThat(a).isNotEqualTo(b);
    assertThat(a.bytes()).hasSize(20);
    assertThat(TotpSecret.ofBase32(a.base32())).isEqualTo(a);
    assertThat(TotpSecret.ofBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).isEqualTo(SHA1_SEED);
    assertThat(a.toString()).doesNotContain(a.base32());
    assertThat(totp.otpauthUri(a, "Acme Corp", "ana@acme.test"))
        .isEqualTo(
            "otpauth://totp/Acme%20Corp:ana%40acme.test?secret="
                + a.base32()
                + "&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30");
  }

  @Test
  void refuses_weak_secrets_and_bad_settings() {
    assertThatThrownBy(() -> TotpSecret.ofBytes(new byte[10]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> TotpSecret.ofBase32("not base32!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Totp.builder().digits(4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recovery_codes_are_shown_once_stored_hashed_and_checked_loosely() {
    RecoveryCodes r = RecoveryCodes.generate(10, new SecureRandom());

    assertThat(r.codes())
        .hasSize(10)
        .doesNotHaveDuplicates()
        .allMatch(c -> c.matches("[A-Z2-7]{5}-[A-Z2-7]{5}"));
    assertThat(String.join(" ", r.hashes())).doesNotContain(r.codes().getFirst());
    assertThat(RecoveryCodes.matches(r.hashes().get(3), r.codes().get(3))).isTrue();
    assertThat(
            RecoveryCodes.matches(
                r.hashes().get(3), r.codes().get(3).toLowerCase().replace("-", " ")))
        .isTrue();
    assertThat(RecoveryCodes.matches(r.hashes().get(3), r.codes().get(4))).isFalse();
    assertThat(RecoveryCodes.matches("garbage", r.codes().get(3))).isFalse();
    assertThat(r.toString()).doesNotContain(r.codes().getFirst());
  }
}

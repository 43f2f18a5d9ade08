package dev.tyboo.security.totp;

import dev.tyboo.error.TotpVerificationException;
import dev.tyboo.error.TotpVerificationException.Reason;
import dev.tyboo.spi.time.Clock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 (HOTP of RFC 4226 over 30-second time steps by default).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Totp totp = Totp.builder().build();                 // SHA-1, 6 digits, 30 s, +-1 step
 * TotpSecret secret = totp.newSecret();                 // store it encrypted, per user
 * String uri = totp.otpauthUri(secret, "Acme", "ana@acme.test");   // show as a QR code
 * long step = totp.verify(secret, "123456", user.lastTotpStep());  // throws when refused
 * user.setLastTotpStep(step);                            // a code works once
 * }</pre>
 *
 * <p>Verification compares codes in constant time, accepts the time steps within the window around
 * now, and refuses a step at or before the last one accepted for the user (the host keeps that
 * number with the user), so that a code seen by someone else cannot be used again.
 */
public final class Totp {

  /** How many steps back a matching code counts as expired rather than invalid. */
  private static final int EXPIRED_LOOKBACK = 10;

  private final Algorithm algorithm;
  private final int digits;
  private final int modulus;
  private final Duration period;
  private final int window;
  private final Clock clock;
  private final SecureRandom random;

  private Totp(Builder b) {
    this.algorithm = b.algorithm;
    this.digits = b.digits;
    this.modulus = (int) Math.pow(10, b.digits);
    this.period = b.period;
    this.window = b.window;
    this.clock = b.clock;
    this.random = b.random;
  }

  /** {@return a builder with the defaults authenticator apps expect} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new random secret of 20 bytes (160 bits, as RFC 4226 recommends)} */
  public TotpSecret newSecret() {
    byte[] bytes = new byte[algorithm == Algorithm.SHA1 ? 20 : algorithm.keyBytes];
    random.nextBytes(bytes);
    return TotpSecret.ofBytes(bytes);
  }

  /**
   * {@return the {@code otpauth://totp/...} URI an authenticator app reads from a QR code}
   *
   * @param secret the user's secret
   * @param issuer the host application's name (shown by the app)
   * @param account the user's account name, such as an email address
   */
  public String otpauthUri(TotpSecret secret, String issuer, String account) {
    String label = encode(issuer) + ":" + encode(account);
    return "otpauth://totp/"
        + label
        + "?secret="
        + secret.base32()
        + "&issuer="
        + encode(issuer)
        + "&algorithm="
        + algorithm.name()
        + "&digits="
        + digits
        + "&period="
        + period.toSeconds();
  }

  private static String encode(String s) {
    return URLEncoder.encode(Objects.requireNonNull(s), StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * {@return the code of a moment}
   *
   * @param secret the secret
   * @param at the moment
   */
  public String code(TotpSecret secret, Instant at) {
    return codeAt(secret, step(at));
  }

  /**
   * {@return the time step of a moment: seconds since the epoch divided by the period}
   *
   * @param at the moment
   */
  public long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), period.toSeconds());
  }

  /**
   * Checks a code against the secret now.
   *
   * @param secret the user's secret
   * @param code what the user typed (spaces are ignored)
   * @param lastAcceptedStep the step this method returned for the user last time, or {@code -1}
   * @return the accepted time step: keep it with the user and pass it next time
   * @throws TotpVerificationException when the code is malformed, matches no step in the window,
   *     matches a step just past it (expired), or matches a step already accepted (replayed)
   */
  public long verify(TotpSecret secret, String code, long lastAcceptedStep) {
    String typed = code == null ? "" : code.replace(" ", "");
    if (typed.length() != digits || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new TotpVerificationException(
          Reason.MALFORMED, "a one-time password has " + digits + " digits");
    }
    long now = step(clock.now());
    byte[] given = typed.getBytes(StandardCharsets.US_ASCII);
    long matched = Long.MIN_VALUE;
    // every candidate is computed and compared, so the time taken does not tell which one matched
    for (long s = now - window; s <= now + window; s++) {
      if (MessageDigest.isEqual(given, codeAt(secret, s).getBytes(StandardCharsets.US_ASCII))
          && matched == Long.MIN_VALUE) {
        matched = s;
      }
    }
    if (matched == Long.MIN_VALUE) {
      for (long s = now - window - EXPIRED_LOOKBACK; s < now - window; s++) {
        if (MessageDigest.isEqual(given, codeAt(secret, s).getBytes(StandardCharsets.US_ASCII))) {
          throw new TotpVerificationException(
              Reason.EXPIRED, "the one-time password has expired; use the current one");
        }
      }
      throw new TotpVerificationException(Reason.INVALID, "the one-time password is not valid");
    }
    if (matched <= lastAcceptedStep) {
      throw new TotpVerificationException(
          Reason.REPLAYED, "the one-time password was already used; wait for the next one");
    }
    return matched;
  }

  private String codeAt(TotpSecret secret, long step) {
    byte[] counter = new byte[8];
    for (int i = 7; i >= 0; i--) {
      counter[i] = (byte) (step >>> (8 * (7 - i)));
    }
    byte[] hash;
    try {
      Mac mac = Mac.getInstance(algorithm.macName);
      mac.init(new SecretKeySpec(secret.bytes(), algorithm.macName));
      hash = mac.doFinal(counter);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm.macName + " is not available in this JVM", e);
    }
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    int otp = binary % modulus;
    return String.format(Locale.ROOT, "%0" + digits + "d", otp);
  }

  /** The HMAC of the code. */
  public enum Algorithm {
    /** HMAC-SHA1: what every authenticator app supports; the default. */
    SHA1("HmacSHA1", 20),
    /** HMAC-SHA256. */
    SHA256("HmacSHA256", 32),
    /** HMAC-SHA512. */
    SHA512("HmacSHA512", 64);

    private final String macName;
    private final int keyBytes;

    Algorithm(String macName, int keyBytes) {
      this.macName = macName;
      this.keyBytes = keyBytes;
    }
  }

  /** Configures a {@link Totp}. */
  public static final class Builder {
    private Algorithm algorithm = Algorithm.SHA1;
    private int digits = 6;
    private Duration period = Duration.ofSeconds(30);
    private int window = 1;
    private Clock clock = Clock.system();
    private SecureRandom random = new SecureRandom();

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param algorithm the HMAC; {@link Algorithm#SHA1} by default (what apps support)
     */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param digits 6 (default) to 8
     */
    public Builder digits(int digits) {
      if (digits < 6 || digits > 8) {
        throw new IllegalArgumentException("digits must be 6 to 8: " + digits);
      }
      this.digits = digits;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param period the time step; 30 s by default, whole seconds
     */
    public Builder period(Duration period) {
      if (period.toSeconds() < 1 || period.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("period must be whole seconds: " + period);
      }
      this.period = period;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param steps how many steps before and after now are accepted; 1 by default (clock drift)
     */
    public Builder window(int steps) {
      if (steps < 0 || steps > 10) {
        throw new IllegalArgumentException("window must be 0 to 10 steps: " + steps);
      }
      this.window = steps;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param clock the source of now; the system clock by default
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param random where new secrets come from; a {@link SecureRandom} by default
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** {@return the configured TOTP} */
    public Totp build() {
      return new Totp(this);
    }
  }
}

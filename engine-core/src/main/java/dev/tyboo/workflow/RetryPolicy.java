package dev.tyboo.workflow;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.error.RetryableNodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how soon a failed node is tried again. Set per node, per workflow (its default for
 * all nodes) or engine-wide; the most specific one wins.
 *
 * <p>The delay before attempt {@code n + 1} is {@code initialDelay * multiplier^(n-1)}, capped at
 * {@code maxDelay}, then spread by {@code ±jitter} (a fraction) so that failing nodes do not retry
 * in lockstep. When the failure asks for a later retry ({@link
 * RetryableNodeException#retryAfter()}, e.g. HTTP {@code Retry-After}), the delay is at least that.
 *
 * <p>A failure is retried when it (or an exception in its cause chain) is an instance of one of
 * {@code retryOn} and none of {@code abortOn}. By default only {@link RetryableNodeException}s are
 * retried.
 *
 * <pre>{@code
 * RetryPolicy.builder().maxAttempts(5).backoff(Duration.ofMillis(200), Duration.ofSeconds(10)).build();
 * }</pre>
 *
 * @param maxAttempts attempts in all, including the first; 1 means no retry
 * @param initialDelay the delay before the second attempt
 * @param multiplier the growth factor of the delay, at least 1
 * @param maxDelay the longest delay
 * @param jitter the random spread of each delay, a fraction from 0 (none) to 1
 * @param retryOn the failures to retry (by type, matched along the cause chain)
 * @param abortOn the failures never to retry, even when {@code retryOn} matches
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    double multiplier,
    Duration maxDelay,
    double jitter,
    List<Class<? extends Throwable>> retryOn,
    List<Class<? extends Throwable>> abortOn) {

  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  /** Validates the components. */
  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay (" + maxDelay + ") must be >= initialDelay (" + initialDelay + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number >= 1, was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
    retryOn = List.copyOf(retryOn);
    abortOn = List.copyOf(abortOn);
  }

  /** {@return a policy that never retries} */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * {@return 3 attempts, 1 s then 2 s apart (±20%), at most 30 s, retrying {@link
   * RetryableNodeException}s}
   */
  public static RetryPolicy ofDefaults() {
    return builder().maxAttempts(3).build();
  }

  /** {@return a builder starting from {@link #ofDefaults()}'s values} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder starting from this policy's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialDelay = initialDelay;
    b.multiplier = multiplier;
    b.maxDelay = maxDelay;
    b.jitter = jitter;
    b.retryOn = new ArrayList<>(retryOn);
    b.abortOn = new ArrayList<>(abortOn);
    return b;
  }

  /**
   * {@return whether another attempt should be made}
   *
   * @param failure what the attempt threw
   * @param attempt the attempt that failed, from 1
   */
  public boolean shouldRetry(Throwable failure, int attempt) {
    return attempt < maxAttempts && matches(failure, retryOn) && !matches(failure, abortOn);
  }

  private static boolean matches(Throwable failure, List<Class<? extends Throwable>> types) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@return how long to wait before the next attempt}
   *
   * @param failedAttempt the attempt that failed, from 1
   * @param failure what it threw (its {@code retryAfter} is honoured), or {@code null}
   * @param random the source of jitter
   */
  public Duration delayAfter(int failedAttempt, Throwable failure, RandomGenerator random) {
    double base = initialDelay.toNanos() * Math.pow(multiplier, failedAttempt - 1);
    double capped = Math.min(base, maxDelay.toNanos());
    if (jitter > 0) {
      capped = capped * (1 - jitter + 2 * jitter * random.nextDouble());
    }
    Duration delay = Duration.ofNanos((long) capped);
    if (failure instanceof RetryableNodeException r
        && r.retryAfter().isPresent()
        && r.retryAfter().get().compareTo(delay) > 0) {
      delay = r.retryAfter().get();
    }
    return delay;
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialDelay = Duration.ofSeconds(1);
    private double multiplier = 2.0;
    private Duration maxDelay = Duration.ofSeconds(30);
    private double jitter = 0.2;
    private List<Class<? extends Throwable>> retryOn =
        new ArrayList<>(List.of(RetryableNodeException.class));
    private List<Class<? extends Throwable>> abortOn = new ArrayList<>();

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param maxAttempts attempts in all, including the first
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param initialDelay the delay before the second attempt
     * @param maxDelay the longest delay
     */
    public Builder backoff(Duration initialDelay, Duration maxDelay) {
      this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
      this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param delay the same delay before every retry
     */
    public Builder fixedDelay(Duration delay) {
      this.initialDelay = Objects.requireNonNull(delay, "delay");
      this.maxDelay = delay;
      this.multiplier = 1.0;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param multiplier the growth factor of the delay, at least 1
     */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param jitter the random spread of each delay, from 0 to 1
     */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /**
     * Replaces the retried failure types (by default {@link RetryableNodeException}).
     *
     * @param types failures to retry, matched along the cause chain
     * @return this builder
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, element by element
    public final Builder retryOn(Class<? extends Throwable>... types) {
      this.retryOn = copy(types);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param types failures never to retry, matched along the cause chain
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, element by element
    public final Builder abortOn(Class<? extends Throwable>... types) {
      this.abortOn = copy(types);
      return this;
    }

    private static List<Class<? extends Throwable>> copy(Class<? extends Throwable>[] types) {
      List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
      for (Class<? extends Throwable> type : types) {
        list.add(java.util.Objects.requireNonNull(type, "type"));
      }
      return list;
    }

    /** {@return a builder that retries every node failure, retryable or not} */
    public Builder retryOnAnyFailure() {
      this.retryOn = new ArrayList<>(List.of(NodeExecutionException.class));
      return this;
    }

    /** {@return the policy} */
    public RetryPolicy build() {
      return new RetryPolicy(
          maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryOn, abortOn);
    }
  }
}

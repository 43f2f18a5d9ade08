package dev.tyboo.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link Engine#health()} turns {@link HealthStatus#DEGRADED}. Build with {@link #builder()};
 * {@link #defaults()} suit most hosts.
 *
 * @param maxHeapUsed the largest share of the maximum heap in use, 0 to 1
 * @param maxCpuLoad the largest share of the machine's CPU the JVM may use, 0 to 1
 * @param maxQueueDepth the largest backlog of due work (durable engines)
 * @param maxQueueAge the longest time the oldest due work may wait (durable engines)
 * @param maxDeadLetters the most failed executions kept as dead letters (durable engines)
 */
public record HealthThresholds(
    double maxHeapUsed,
    double maxCpuLoad,
    int maxQueueDepth,
    Duration maxQueueAge,
    long maxDeadLetters) {

  /** Validates the components. */
  public HealthThresholds {
    if (!(maxHeapUsed > 0 && maxHeapUsed <= 1) || !(maxCpuLoad > 0 && maxCpuLoad <= 1)) {
      throw new IllegalArgumentException(
          "maxHeapUsed and maxCpuLoad are shares between 0 (exclusive) and 1, were "
              + maxHeapUsed
              + " and "
              + maxCpuLoad);
    }
    Objects.requireNonNull(maxQueueAge, "maxQueueAge");
    if (maxQueueDepth < 0 || maxDeadLetters < 0 || maxQueueAge.isNegative()) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }

  /**
   * {@return 90% heap, 90% CPU, a backlog of 1,000 items or one due for a minute; dead letters do
   * not count}
   */
  public static HealthThresholds defaults() {
    return builder().build();
  }

  /** {@return a builder starting from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link HealthThresholds}. Not thread-safe. */
  public static final class Builder {
    private double maxHeapUsed = 0.9;
    private double maxCpuLoad = 0.9;
    private int maxQueueDepth = 1_000;
    private Duration maxQueueAge = Duration.ofMinutes(1);
    private long maxDeadLetters = Long.MAX_VALUE;

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param share the largest share of the maximum heap in use, 0 to 1
     */
    public Builder maxHeapUsed(double share) {
      this.maxHeapUsed = share;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param share the largest share of the CPU the JVM may use, 0 to 1
     */
    public Builder maxCpuLoad(double share) {
      this.maxCpuLoad = share;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param items the largest backlog of due work
     */
    public Builder maxQueueDepth(int items) {
      this.maxQueueDepth = items;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param age the longest time the oldest due work may wait
     */
    public Builder maxQueueAge(Duration age) {
      this.maxQueueAge = age;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param count the most dead letters before the engine reports itself degraded
     */
    public Builder maxDeadLetters(long count) {
      this.maxDeadLetters = count;
      return this;
    }

    /** {@return the thresholds} */
    public HealthThresholds build() {
      return new HealthThresholds(
          maxHeapUsed, maxCpuLoad, maxQueueDepth, maxQueueAge, maxDeadLetters);
    }
  }
}

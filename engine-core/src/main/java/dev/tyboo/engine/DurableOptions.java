package dev.tyboo.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a durable engine (one with {@link EngineBuilder#storage storage}) works through its queue.
 *
 * @param workerId this engine's name as a lease owner; unique among the engines sharing storage
 * @param leaseTime how long a claimed execution stays this engine's without a renewal; the engine
 *     renews every third of it while it works. After a crash, others take over once it expires.
 * @param pollInterval how often an idle engine looks for work that other processes queued (its own
 *     starts and resumes wake it at once)
 * @param maxActiveExecutions how many executions this engine runs at once; more stay queued
 * @param spillThresholdBytes node outputs whose JSON is longer than this are written to the binary
 *     store and checkpointed as a reference
 * @param maxOutputBytes the most JSON (UTF-8) one node run's outputs may take: past it, or past
 *     what the storage's binary store accepts, the node fails with a {@link
 *     dev.tyboo.error.NodeOutputException} (not retried) instead of being checkpointed
 * @param maxDeliveries how many times an execution may be claimed without finishing (its checkpoint
 *     keeps failing, its worker keeps dying) before the engine fails it and dead-letters its work,
 *     with the last failure as the reason; claims after a failed checkpoint back off exponentially
 * @param claimsWork whether this engine runs executions; {@code false} makes a submit-only engine
 *     (a web front end, say) that starts, resumes, cancels and queries executions on the shared
 *     storage and waits for their ends, while other engines on that storage run them
 * @param checkpointMode when node checkpoints must be committed: {@link CheckpointMode#SYNCHRONOUS}
 *     (the default) before successors start; {@link CheckpointMode#ASYNCHRONOUS} relaxes that, and
 *     says what it gives up
 */
public record DurableOptions(
    String workerId,
    Duration leaseTime,
    Duration pollInterval,
    int maxActiveExecutions,
    int spillThresholdBytes,
    long maxOutputBytes,
    int maxDeliveries,
    boolean claimsWork,
    CheckpointMode checkpointMode) {

  /**
   * Options with {@link CheckpointMode#SYNCHRONOUS} checkpoints.
   *
   * @param workerId this engine's name as a lease owner
   * @param leaseTime how long a claimed execution stays this engine's without a renewal
   * @param pollInterval how often an idle engine looks for work
   * @param maxActiveExecutions how many executions this engine runs at once
   * @param spillThresholdBytes the output size past which outputs go to the binary store
   * @param maxOutputBytes the most JSON one node run's outputs may take
   * @param maxDeliveries how many times an execution may be claimed without finishing
   * @param claimsWork whether this engine runs executions
   */
  public DurableOptions(
      String workerId,
      Duration leaseTime,
      Duration pollInterval,
      int maxActiveExecutions,
      int spillThresholdBytes,
      long maxOutputBytes,
      int maxDeliveries,
      boolean claimsWork) {
    this(
        workerId,
        leaseTime,
        pollInterval,
        maxActiveExecutions,
        spillThresholdBytes,
        maxOutputBytes,
        maxDeliveries,
        claimsWork,
        CheckpointMode.SYNCHRONOUS);
  }

  /** Validates the components. */
  public DurableOptions {
    Objects.requireNonNull(workerId, "workerId");
    if (workerId.isBlank()) {
      throw new IllegalArgumentException("workerId must not be blank");
    }
    Objects.requireNonNull(checkpointMode, "checkpointMode");
    requirePositive(leaseTime, "leaseTime");
    requirePositive(pollInterval, "pollInterval");
    if (maxActiveExecutions < 1) {
      throw new IllegalArgumentException(
          "maxActiveExecutions must be >= 1, was " + maxActiveExecutions);
    }
    if (spillThresholdBytes < 0) {
      throw new IllegalArgumentException(
          "spillThresholdBytes must be >= 0, was " + spillThresholdBytes);
    }
    if (maxOutputBytes < 1) {
      throw new IllegalArgumentException("maxOutputBytes must be >= 1, was " + maxOutputBytes);
    }
    if (maxDeliveries < 1) {
      throw new IllegalArgumentException("maxDeliveries must be >= 1, was " + maxDeliveries);
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /**
   * {@return the defaults: a random worker id, 30 s leases, polling every second, 256 executions at
   * once, spilling outputs over 256 KiB, outputs up to 64 MiB, 20 claims of one execution,
   * synchronous checkpoints}
   */
  public static DurableOptions defaults() {
    return builder().build();
  }

  /** {@return a builder starting from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link DurableOptions}. Not thread-safe. */
  public static final class Builder {
    private String workerId = "worker-" + UUID.randomUUID();
    private Duration leaseTime = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofSeconds(1);
    private int maxActiveExecutions = 256;
    private int spillThresholdBytes = 256 * 1024;
    private long maxOutputBytes = 64L * 1024 * 1024;
    private int maxDeliveries = 20;
    private boolean claimsWork = true;
    private CheckpointMode checkpointMode = CheckpointMode.SYNCHRONOUS;

    /**
     * {@return this builder}
     *
     * @param mode when node checkpoints must be committed; read {@link CheckpointMode#ASYNCHRONOUS}
     *     before choosing it
     */
    public Builder checkpointMode(CheckpointMode mode) {
      this.checkpointMode = mode;
      return this;
    }

    /**
     * Makes a submit-only engine: it never claims work, other engines on the same storage run what
     * it starts. Its {@code Execution.await} still sees the ends.
     *
     * @return this builder
     */
    public Builder submitOnly() {
      this.claimsWork = false;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param deliveries how many claims of one execution without finishing before it fails
     */
    public Builder maxDeliveries(int deliveries) {
      this.maxDeliveries = deliveries;
      return this;
    }

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param bytes the most JSON one node run's outputs may take
     */
    public Builder maxOutputBytes(long bytes) {
      this.maxOutputBytes = bytes;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param id this engine's lease-owner name
     */
    public Builder workerId(String id) {
      this.workerId = id;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param time the lease time
     */
    public Builder leaseTime(Duration time) {
      this.leaseTime = time;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param interval the idle polling interval
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param max how many executions this engine runs at once
     */
    public Builder maxActiveExecutions(int max) {
      this.maxActiveExecutions = max;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param bytes the spill threshold
     */
    public Builder spillThresholdBytes(int bytes) {
      this.spillThresholdBytes = bytes;
      return this;
    }

    /** {@return the options} */
    public DurableOptions build() {
      return new DurableOptions(
          workerId,
          leaseTime,
          pollInterval,
          maxActiveExecutions,
          spillThresholdBytes,
          maxOutputBytes,
          maxDeliveries,
          claimsWork,
          checkpointMode);
    }
  }
}

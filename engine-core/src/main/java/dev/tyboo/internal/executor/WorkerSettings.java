package dev.tyboo.internal.executor;

import java.time.Duration;

/**
 * How a durable engine's worker claims and runs work.
 *
 * @param workerId this engine's lease-owner name
 * @param leaseTime how long a claim holds without renewal
 * @param pollInterval the idle polling interval (and the base of hand-back delays)
 * @param maxActive how many executions run here at once
 * @param maxDeliveries how many claims of one execution without finishing before it fails
 * @param claimsWork whether this engine runs executions (else it only submits and watches)
 * @param asynchronousCheckpoints whether successors may start before a checkpoint is committed
 */
public record WorkerSettings(
    String workerId,
    Duration leaseTime,
    Duration pollInterval,
    int maxActive,
    int maxDeliveries,
    boolean claimsWork,
    boolean asynchronousCheckpoints) {}

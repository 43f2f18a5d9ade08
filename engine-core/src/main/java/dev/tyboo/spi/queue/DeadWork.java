package dev.tyboo.spi.queue;

import dev.tyboo.execution.ExecutionId;
import java.time.Instant;

/**
 * A work item that a worker gave up on ({@link WorkQueue#deadLetter}); it is never delivered again.
 *
 * @param workId the work item's id
 * @param executionId the execution the work was about
 * @param reason why the worker gave up
 * @param deliveries how many times it was claimed
 * @param at when it was dead-lettered
 */
public record DeadWork(
    String workId, ExecutionId executionId, String reason, int deliveries, Instant at) {}

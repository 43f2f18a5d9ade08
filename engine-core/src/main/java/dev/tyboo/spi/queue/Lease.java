package dev.tyboo.spi.queue;

import dev.tyboo.execution.ExecutionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker's temporary, exclusive hold on one work item. Renew it before {@code expiresAt}; once it
 * expires another worker may claim the item, with a higher fencing token, and this lease turns
 * stale.
 *
 * @param workId the work item's id
 * @param executionId the execution the work is about
 * @param owner who holds the lease (a worker id)
 * @param expiresAt when the hold ends unless renewed
 * @param fencingToken strictly increasing across all claims of a queue: a newer holder always has a
 *     larger token, so stores can refuse writes from an older one
 * @param delivery how many times the item has been claimed, this claim included (from 1)
 */
public record Lease(
    String workId,
    ExecutionId executionId,
    String owner,
    Instant expiresAt,
    long fencingToken,
    int delivery) {

  /** Validates the components. */
  public Lease {
    Objects.requireNonNull(workId, "workId");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (delivery < 1) {
      throw new IllegalArgumentException("delivery must be >= 1, was " + delivery);
    }
  }
}

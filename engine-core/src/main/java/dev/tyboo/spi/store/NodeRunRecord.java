package dev.tyboo.spi.store;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.NodeRunStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * The checkpoint of one node run: once a node has finished, its outputs are recorded here before
 * its successors start, so that a recovering engine never runs it again.
 *
 * @param executionId the execution
 * @param nodeId the node
 * @param runIndex which run of the node (0 unless a loop runs it again)
 * @param status where it is
 * @param attempts how many attempts started
 * @param startedAt when the first attempt started, or {@code null}
 * @param finishedAt when it finished, or {@code null}
 * @param outputsJson the items per output port as JSON, or {@code null} (not finished, or spilled);
 *     for a {@code WAITING} run, the wait's state: {@code {"itemsWhenDue": [items], "batches":
 *     [[items], ...]}}, what it emits on its main port when its due time comes and, for a
 *     sub-workflow run per batch, the items of each batch (spilled like outputs when large)
 * @param outputsRef the id of the binary-store entry holding outputs too large to keep inline, or
 *     {@code null}
 * @param errorJson the last failure as JSON, or {@code null}
 * @param resumeToken for a {@code WAITING} run, the token that resumes it, else {@code null}
 * @param resumeAt for a {@code WAITING} run, when its wait ends by itself, or {@code null}
 */
public record NodeRunRecord(
    ExecutionId executionId,
    String nodeId,
    int runIndex,
    NodeRunStatus status,
    int attempts,
    Instant startedAt,
    Instant finishedAt,
    String outputsJson,
    String outputsRef,
    String errorJson,
    String resumeToken,
    Instant resumeAt) {

  /** Validates the components. */
  public NodeRunRecord {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(status, "status");
    if (runIndex < 0 || attempts < 0) {
      throw new IllegalArgumentException(
          "runIndex and attempts must be >= 0, were " + runIndex + ", " + attempts);
    }
    if (outputsJson != null && outputsRef != null) {
      throw new IllegalArgumentException(
          "outputs are either inline (outputsJson) or spilled (outputsRef), not both");
    }
    if ((status == NodeRunStatus.WAITING) != (resumeToken != null)) {
      throw new IllegalArgumentException("a WAITING node run, and only one, has a resume token");
    }
  }
}

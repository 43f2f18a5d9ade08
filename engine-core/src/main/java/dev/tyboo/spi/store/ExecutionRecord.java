package dev.tyboo.spi.store;

import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * What a store keeps about one execution, apart from its node runs.
 *
 * @param id the execution's id
 * @param workflowName the workflow it runs
 * @param workflowVersion the pinned workflow version
 * @param status where it is
 * @param inputJson the items it started with, as a JSON array
 * @param parentId the parent execution's id for a sub-workflow, or {@code null}
 * @param parentNodeId the parent's node that waits for this sub-workflow, or {@code null}
 * @param createdAt when it was accepted
 * @param updatedAt when the record last changed
 * @param finishedAt when it ended, or {@code null}
 * @param errorJson the failure that stopped it, as JSON, or {@code null}
 * @param revision the store's version of this record, for optimistic updates (from 1; 0 before
 *     create)
 */
public record ExecutionRecord(
    ExecutionId id,
    String workflowName,
    int workflowVersion,
    ExecutionStatus status,
    String inputJson,
    ExecutionId parentId,
    String parentNodeId,
    Instant createdAt,
    Instant updatedAt,
    Instant finishedAt,
    String errorJson,
    long revision) {

  /** Validates the components. */
  public ExecutionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(workflowName, "workflowName");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(inputJson, "inputJson");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if ((parentId == null) != (parentNodeId == null)) {
      throw new IllegalArgumentException(
          "parentId and parentNodeId are set together or not at all");
    }
    if (workflowVersion < 1) {
      throw new IllegalArgumentException("workflowVersion must be >= 1, was " + workflowVersion);
    }
    if (revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0, was " + revision);
    }
  }

  /**
   * {@return a new, not yet stored record (revision 0), status {@code QUEUED}}
   *
   * @param id the execution's id
   * @param workflowName the workflow it runs
   * @param workflowVersion the pinned workflow version
   * @param inputJson the items it starts with, as a JSON array
   * @param parentId the parent execution, or {@code null}
   * @param parentNodeId the parent's node that waits for it, or {@code null}
   * @param now the creation time
   */
  public static ExecutionRecord newExecution(
      ExecutionId id,
      String workflowName,
      int workflowVersion,
      String inputJson,
      ExecutionId parentId,
      String parentNodeId,
      Instant now) {
    return new ExecutionRecord(
        id,
        workflowName,
        workflowVersion,
        ExecutionStatus.QUEUED,
        inputJson,
        parentId,
        parentNodeId,
        now,
        now,
        null,
        null,
        0);
  }

  /**
   * {@return a copy with a new status (and end time and error when the status is final)}
   *
   * @param newStatus the new status
   * @param now when it changed
   * @param error the failure as JSON, or {@code null}
   */
  public ExecutionRecord withStatus(ExecutionStatus newStatus, Instant now, String error) {
    return new ExecutionRecord(
        id,
        workflowName,
        workflowVersion,
        newStatus,
        inputJson,
        parentId,
        parentNodeId,
        createdAt,
        now,
        newStatus.isFinal() ? now : null,
        error,
        revision);
  }

  /**
   * {@return a copy with another revision}
   *
   * @param newRevision the revision
   */
  public ExecutionRecord withRevision(long newRevision) {
    return new ExecutionRecord(
        id,
        workflowName,
        workflowVersion,
        status,
        inputJson,
        parentId,
        parentNodeId,
        createdAt,
        updatedAt,
        finishedAt,
        errorJson,
        newRevision);
  }
}

package dev.tyboo.execution;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.node.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A state change of an execution or of one of its nodes, delivered to {@link ExecutionListener}s.
 * Events of one execution arrive in the order they happened on each branch; branches run
 * concurrently, so events of parallel nodes interleave.
 */
public sealed interface ExecutionEvent {

  /** {@return the execution's id} */
  ExecutionId executionId();

  /** {@return the workflow's name} */
  String workflowName();

  /** {@return when it happened, on the engine's clock} */
  Instant at();

  /**
   * Accepted but waiting for a slot under the workflow's concurrency limit.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   */
  record ExecutionQueued(ExecutionId executionId, String workflowName, Instant at)
      implements ExecutionEvent {}

  /**
   * Started running.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   */
  record ExecutionStarted(ExecutionId executionId, String workflowName, Instant at)
      implements ExecutionEvent {}

  /**
   * Ended.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param status the final status
   * @param duration from acceptance to the end
   * @param error the failure when {@code status} is {@code FAILED}, else {@code null}
   */
  record ExecutionFinished(
      ExecutionId executionId,
      String workflowName,
      Instant at,
      ExecutionStatus status,
      Duration duration,
      NodeExecutionException error)
      implements ExecutionEvent {}

  /**
   * An attempt of a node started.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param nodeId the node
   * @param attempt the attempt number, from 1
   */
  record NodeStarted(
      ExecutionId executionId, String workflowName, Instant at, String nodeId, int attempt)
      implements ExecutionEvent {}

  /**
   * A node finished successfully.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param nodeId the node
   * @param attempt the attempt that succeeded
   * @param duration the successful attempt's duration
   * @param itemCounts how many items it emitted per output port
   * @param outputs the items it emitted per output port (immutable; the same objects its successors
   *     receive, so reading them costs nothing, and holding them keeps them alive)
   */
  record NodeFinished(
      ExecutionId executionId,
      String workflowName,
      Instant at,
      String nodeId,
      int attempt,
      Duration duration,
      Map<String, Integer> itemCounts,
      Map<String, List<Item>> outputs)
      implements ExecutionEvent {}

  /**
   * An attempt failed and another one is scheduled.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param nodeId the node
   * @param failedAttempt the attempt that failed
   * @param delay how long until the next attempt
   * @param error the failure
   */
  record NodeRetrying(
      ExecutionId executionId,
      String workflowName,
      Instant at,
      String nodeId,
      int failedAttempt,
      Duration delay,
      NodeExecutionException error)
      implements ExecutionEvent {}

  /**
   * A node failed after its last attempt.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param nodeId the node
   * @param attempt the last attempt
   * @param error the failure
   * @param continued whether the execution goes on (continue-on-fail)
   */
  record NodeFailed(
      ExecutionId executionId,
      String workflowName,
      Instant at,
      String nodeId,
      int attempt,
      NodeExecutionException error,
      boolean continued)
      implements ExecutionEvent {}

  /**
   * A node was skipped: no branch leading to it was taken.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param nodeId the node
   */
  record NodeSkipped(ExecutionId executionId, String workflowName, Instant at, String nodeId)
      implements ExecutionEvent {}

  /**
   * A node suspended its execution: it waits until a due time or until resumed.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param nodeId the node
   * @param attempt the attempt that asked to wait
   * @param until when the wait ends by itself, or {@code null}
   * @param resumeToken the token that resumes it; treat it like a password: whoever holds it can
   *     resume the execution
   */
  record NodeWaiting(
      ExecutionId executionId,
      String workflowName,
      Instant at,
      String nodeId,
      int attempt,
      Instant until,
      String resumeToken)
      implements ExecutionEvent {}

  /**
   * Every node of the execution that could go on waits; no thread is held.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   */
  record ExecutionWaiting(ExecutionId executionId, String workflowName, Instant at)
      implements ExecutionEvent {}

  /**
   * A node was lent a credential's data (only its type and name are here, never the data).
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param nodeId the node
   * @param credentialType the credential's type
   * @param credentialName the credential's name
   */
  record CredentialUsed(
      ExecutionId executionId,
      String workflowName,
      Instant at,
      String nodeId,
      String credentialType,
      String credentialName)
      implements ExecutionEvent {}

  /**
   * A running node reported progress: a streamed chunk of a model's answer, a page fetched, ...
   * Only listeners see it; it is not stored.
   *
   * @param executionId the execution
   * @param workflowName its workflow
   * @param at when
   * @param nodeId the node
   * @param kind what kind of progress, named by the node type (for example {@code token})
   * @param data the progress itself, as JSON values
   */
  record NodeProgress(
      ExecutionId executionId,
      String workflowName,
      Instant at,
      String nodeId,
      String kind,
      Map<String, Object> data)
      implements ExecutionEvent {

    /** Copies the data. */
    public NodeProgress {
      data = Map.copyOf(data);
    }
  }
}

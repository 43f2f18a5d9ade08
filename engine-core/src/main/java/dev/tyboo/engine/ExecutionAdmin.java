package dev.tyboo.engine;

import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.ExecutionStateException;
import dev.tyboo.error.UnknownNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.spi.store.ExecutionQuery;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Operations on stored executions: find, query, cancel, resume from a failure, retry, rerun, and
 * retention. {@link Engine#executions()} gives the host's trusted view; {@link
 * AuthorizedEngine#executions()} the same operations for one principal, each checking a permission
 * and keeping to the principal's tenant. Thread-safe.
 */
public interface ExecutionAdmin {

  /**
   * {@return the stored execution, wherever it runs}
   *
   * @param id an execution id
   */
  Optional<Execution> find(ExecutionId id);

  /**
   * {@return stored executions matching the query, newest first}
   *
   * @param query filters and page
   */
  Page<ExecutionRecord> query(ExecutionQuery query);

  /**
   * {@return the dead letters: failed executions, kept with every node's data until resumed,
   * retried or deleted, newest first}
   *
   * @param offset how many to skip
   * @param limit how many at most
   */
  Page<ExecutionRecord> deadLetters(int offset, int limit);

  /**
   * {@return the sub-workflow executions that an execution started, newest first}
   *
   * @param parent the parent execution
   */
  List<ExecutionRecord> children(ExecutionId parent);

  /**
   * Cancels a stored execution, running here, elsewhere or waiting: running nodes see their
   * cancellation signal, waits end, the status becomes {@code CANCELLED}.
   *
   * @param id the execution
   * @return {@code false} when it had already ended
   * @throws ExecutionNotFoundException when there is no such execution
   */
  boolean cancel(ExecutionId id);

  /**
   * Resumes a failed execution (a dead letter) from its failure: the nodes that failed run again
   * with their inputs rebuilt from the outputs of the nodes before them, which do not run again.
   *
   * @param id a failed execution
   * @return the execution, queued again
   * @throws ExecutionStateException when it is not {@code FAILED}; nothing changed
   * @throws ExecutionNotFoundException when there is no such execution
   */
  Execution resumeFromFailure(ExecutionId id);

  /**
   * Runs an ended execution again from a node: that node and every node after it run again, the
   * others keep their recorded outputs.
   *
   * @param id an ended execution
   * @param fromNodeId the first node to run again
   * @return the execution, queued again
   * @throws ExecutionStateException when it has not ended; nothing changed
   * @throws UnknownNodeException when the workflow has no such node; nothing changed
   * @throws ExecutionNotFoundException when there is no such execution
   */
  Execution retry(ExecutionId id, String fromNodeId);

  /**
   * Starts a new execution with the same workflow version and input items.
   *
   * @param id an execution
   * @return the new execution
   * @throws ExecutionNotFoundException when there is no such execution
   */
  Execution rerun(ExecutionId id);

  /**
   * Retention by age: deletes ended executions (with their node runs) that finished before a time.
   *
   * @param before the cut-off
   * @param workflowName only this workflow's, or {@code null} for all
   * @return how many were deleted
   */
  int deleteFinishedBefore(Instant before, String workflowName);

  /**
   * Retention by count: keeps a workflow's newest ended executions, deletes the rest.
   *
   * @param workflowName the workflow
   * @param keep how many ended executions to keep
   * @return how many were deleted
   */
  int keepNewest(String workflowName, int keep);
}

package dev.tyboo.internal.executor;

import dev.tyboo.execution.ExecutionStatus;
import java.util.function.IntFunction;

/**
 * Where a sub-workflow run per batch stands, decided the same way by both back-ends: the children
 * run one after another in batch order; the first that does not succeed ends the node with its
 * failure; once the last succeeded, their items together (in batch order) are the node's output. In
 * memory the children are the runs themselves ({@link InMemoryRunBackend}); durably they are stored
 * executions with ids derived from the parent node run ({@link ChildExecutions}).
 */
final class BatchProgress {

  /** What to do next. */
  sealed interface Next {}

  /** Start the child of this batch: every one before it succeeded. */
  record StartBatch(int batch) implements Next {}

  /** End the node with this batch's failure. */
  record Failed(int batch) implements Next {}

  /** End the node with the items of every batch. */
  record AllSucceeded() implements Next {}

  /** A child still runs (or the first is being created): its end comes back here. */
  record Running() implements Next {}

  private BatchProgress() {}

  /**
   * {@return what to do next}
   *
   * @param batches how many batches there are
   * @param status the status of a batch's child, or {@code null} when it was not created; asked in
   *     batch order, and not past the first child that is missing or still running
   */
  static Next next(int batches, IntFunction<ExecutionStatus> status) {
    for (int b = 0; b < batches; b++) {
      ExecutionStatus s = status.apply(b);
      if (s == null) {
        return b == 0 ? new Running() : new StartBatch(b); // the first starts with the wait
      }
      if (!s.isFinal()) {
        return new Running();
      }
      if (s != ExecutionStatus.SUCCEEDED) {
        return new Failed(b);
      }
    }
    return new AllSucceeded();
  }
}

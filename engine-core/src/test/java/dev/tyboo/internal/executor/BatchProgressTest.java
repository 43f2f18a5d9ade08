package dev.tyboo.internal.executor;

import static dev.tyboo.execution.ExecutionStatus.CANCELLED;
import static dev.tyboo.execution.ExecutionStatus.FAILED;
import static dev.tyboo.execution.ExecutionStatus.QUEUED;
import static dev.tyboo.execution.ExecutionStatus.RUNNING;
import static dev.tyboo.execution.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.execution.ExecutionStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one decision of a run per batch, which both back-ends follow. */
class BatchProgressTest {

  private final List<Integer> asked = new ArrayList<>();

  private BatchProgress.Next next(int batches, ExecutionStatus... created) {
    return BatchProgress.next(
        batches,
        b -> {
          asked.add(b);
          return b < created.length ? created[b] : null;
        });
  }

  @Test
  void the_next_batch_starts_once_every_one_before_it_succeeded() {
    assertThat(next(3, SUCCEEDED)).isEqualTo(new BatchProgress.StartBatch(1));
    assertThat(next(3, SUCCEEDED, SUCCEEDED)).isEqualTo(new BatchProgress.StartBatch(2));
  }

  @Test
  void a_child_that_still_runs_or_is_not_created_yet_is_waited_for_and_nothing_after_it_is_read() {
    assertThat(next(3)).isEqualTo(new BatchProgress.Running());
    asked.clear();
    assertThat(next(3, SUCCEEDED, RUNNING, SUCCEEDED)).isEqualTo(new BatchProgress.Running());
    assertThat(asked).containsExactly(0, 1);
    assertThat(next(2, QUEUED)).isEqualTo(new BatchProgress.Running());
  }

  @Test
  void the_first_child_that_did_not_succeed_ends_the_node() {
    assertThat(next(3, SUCCEEDED, FAILED)).isEqualTo(new BatchProgress.Failed(1));
    assertThat(next(3, CANCELLED, SUCCEEDED)).isEqualTo(new BatchProgress.Failed(0));
  }

  @Test
  void every_batch_succeeded() {
    ExecutionStatus[] all = new ExecutionStatus[4];
    Arrays.fill(all, SUCCEEDED);
    assertThat(next(4, all)).isEqualTo(new BatchProgress.AllSucceeded());
  }
}

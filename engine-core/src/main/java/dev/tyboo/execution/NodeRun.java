package dev.tyboo.execution;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.node.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one node in one execution.
 *
 * @param nodeId the node's id
 * @param status where it is
 * @param attempts how many attempts started (0 when it never ran)
 * @param startedAt when the first attempt started, or {@code null} (also when the engine does not
 *     record node runs, see {@code EngineBuilder.recordNodeRuns})
 * @param finishedAt when it finished, or {@code null}
 * @param outputs the items per output port it produced; empty until it succeeds
 * @param error the failure of its last attempt, or {@code null}
 */
public record NodeRun(
    String nodeId,
    NodeRunStatus status,
    int attempts,
    Instant startedAt,
    Instant finishedAt,
    Map<String, List<Item>> outputs,
    NodeExecutionException error) {

  /** {@return the time from the first attempt's start to the end, when both are known} */
  public Optional<Duration> duration() {
    return startedAt == null || finishedAt == null
        ? Optional.empty()
        : Optional.of(Duration.between(startedAt, finishedAt));
  }

  /** {@return the items on the {@code main} output port; empty when none} */
  public List<Item> mainOutput() {
    return outputs.getOrDefault("main", List.of());
  }
}

package dev.tyboo.spi.store;

import java.util.List;
import java.util.Objects;

/**
 * What a worker holds as its claim of an execution begins ({@link BatchedWrites#begin}).
 *
 * @param record the execution as stored once fenced (and marked running, when that was asked and
 *     its status was not final)
 * @param nodeRuns its node runs, in the order they were first recorded
 */
public record BegunExecution(ExecutionRecord record, List<NodeRunRecord> nodeRuns) {

  /** Validates and copies the components. */
  public BegunExecution {
    Objects.requireNonNull(record, "record");
    nodeRuns = List.copyOf(nodeRuns);
  }
}

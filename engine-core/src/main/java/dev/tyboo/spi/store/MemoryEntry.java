package dev.tyboo.spi.store;

import dev.tyboo.execution.ExecutionId;
import java.util.Objects;

/**
 * One entry of a node memory ({@code NodeContext.memory()}) as a store keeps it.
 *
 * @param position its place in the memory: larger is newer
 * @param writer the execution that wrote it; deleting that execution deletes the entry
 * @param nodeId the node that wrote it
 * @param valueJson the entry as JSON text
 */
public record MemoryEntry(long position, ExecutionId writer, String nodeId, String valueJson) {

  /** Validates the components. */
  public MemoryEntry {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(valueJson, "valueJson");
  }
}

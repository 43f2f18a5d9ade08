package dev.tyboo.spi.store;

import java.util.Objects;

/**
 * A node run to record under its writer's fencing token: one entry of a group commit ({@link
 * BatchedWrites#checkpointAll}).
 *
 * @param run the node run
 * @param fencingToken the writer's lease token
 */
public record FencedCheckpoint(NodeRunRecord run, long fencingToken) {

  /** Validates the components. */
  public FencedCheckpoint {
    Objects.requireNonNull(run, "run");
  }
}

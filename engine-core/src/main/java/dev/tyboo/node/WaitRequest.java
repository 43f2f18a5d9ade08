package dev.tyboo.node;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A node's request to suspend its execution without holding a thread (see {@link
 * NodeResult#waitUntil} and {@link NodeResult#waitForResume}). The wait ends at its due time, or
 * earlier when the host calls {@code Engine.resume} with the node's {@link NodeFlow#resumeToken()
 * resume token}; the node then finishes with items on its {@value PortSpec#MAIN} output: the items
 * given to {@code resume}, or {@code itemsWhenDue} at the due time. In a durable engine the wait
 * survives restarts.
 *
 * @param until when the wait ends by itself, or {@code null} to wait only for a resume
 * @param itemsWhenDue the items the node emits when the wait ends at its due time
 */
public record WaitRequest(Instant until, List<Item> itemsWhenDue) {

  /** Copies the components. */
  public WaitRequest {
    itemsWhenDue = List.copyOf(Objects.requireNonNull(itemsWhenDue, "itemsWhenDue"));
  }
}

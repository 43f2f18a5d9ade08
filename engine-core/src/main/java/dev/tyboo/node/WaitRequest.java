package dev.tyboo.node;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A node's request to suspend its execution without holding a thread (see {@link
 * NodeResult#waitUntil}, {@link NodeResult#waitForResume} and {@link NodeResult#suspend}). The wait
 * ends at its due time, or earlier when the host calls {@code Engine.resume} with the node's {@link
 * NodeFlow#resumeToken() resume token}. A plain wait then finishes the node with items on its
 * {@value PortSpec#MAIN} output: the items given to {@code resume}, or {@code itemsWhenDue} at the
 * due time. A suspension ({@code resumeStep} set) instead records those items as a step of the node
 * run ({@link NodeSteps}) and runs the node again. In a durable engine the wait survives restarts.
 *
 * @param until when the wait ends by itself, or {@code null} to wait only for a resume
 * @param itemsWhenDue the items the node emits (or, suspended, finds recorded) at the due time
 * @param resumeStep for a suspension, the step under which the resume is recorded before the node
 *     runs again; {@code null} for a wait that finishes the node
 */
public record WaitRequest(Instant until, List<Item> itemsWhenDue, String resumeStep) {

  /** Copies the components. */
  public WaitRequest {
    itemsWhenDue = List.copyOf(Objects.requireNonNull(itemsWhenDue, "itemsWhenDue"));
    if (resumeStep != null) {
      NodeSteps.checkName(resumeStep);
    }
  }

  /**
   * A wait that finishes the node.
   *
   * @param until when the wait ends by itself, or {@code null} to wait only for a resume
   * @param itemsWhenDue the items the node emits at the due time
   */
  public WaitRequest(Instant until, List<Item> itemsWhenDue) {
    this(until, itemsWhenDue, null);
  }

  /** {@return whether the node runs again when the wait ends, rather than finishing} */
  public boolean reentrant() {
    return resumeStep != null;
  }
}

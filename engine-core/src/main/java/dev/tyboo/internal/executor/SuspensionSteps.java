package dev.tyboo.internal.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a suspension ({@code NodeResult.suspend}) records when it ends: {@code {"items": [<each
 * item's json>]}} (the items' attachments are not kept).
 */
final class SuspensionSteps {

  private SuspensionSteps() {}

  /** {@return a failed child's record: {@code {"items": [], "error": message}}} */
  static String failure(String message) {
    try {
      return JsonMappers.standard()
          .writeValueAsString(Map.of("items", List.of(), "error", String.valueOf(message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@return the store's node steps and memories}
   *
   * @throws dev.tyboo.error.UnsupportedCapabilityException when the store keeps none
   */
  static dev.tyboo.spi.store.NodeStore nodes(dev.tyboo.spi.store.ExecutionStore store) {
    if (store instanceof dev.tyboo.spi.store.NodeStore nodes) {
      return nodes;
    }
    throw new dev.tyboo.error.UnsupportedCapabilityException(
        store.getClass().getName()
            + " keeps no node steps or memories (it does not implement NodeStore)");
  }

  /**
   * Ends an in-memory suspension: records its step (the items, or the child's failure), resets the
   * node's wait and runs the node again. {@return what the run schedules next}
   */
  static int reenter(
      ExecutionRun run,
      int i,
      Map<String, List<Item>> outputs,
      dev.tyboo.error.NodeExecutionException error) {
    NodeState st = run.state(i);
    run.backend()
        .recordStep(
            run,
            i,
            st.wait.resumeStep(),
            error != null
                ? failure(error.getMessage())
                : json(outputs.getOrDefault(dev.tyboo.node.PortSpec.MAIN, List.of())));
    st.child = null;
    st.childRun = null;
    st.wait = null;
    st.runSteps = null; // read again, with the resume
    st.resumeToken = null; // the next suspension gets a token of its own
    st.resumable = false;
    st.waitEnded.set(false);
    st.status = dev.tyboo.execution.NodeRunStatus.RUNNING;
    return NodeAttempts.attempt(run, i, 1);
  }

  static String json(List<Item> items) {
    List<Object> json = new ArrayList<>(items.size());
    for (Item item : items) {
      json.add(item.json());
    }
    try {
      return JsonMappers.standard().writeValueAsString(Map.of("items", json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the resume items are not JSON data", e);
    }
  }
}

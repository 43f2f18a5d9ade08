package dev.tyboo.engine;

import static dev.tyboo.testing.Passthrough.identity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionListener;
import dev.tyboo.node.Item;
import dev.tyboo.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Listeners added after the engine is built, and what NodeFinished carries. */
class ListenersTest {

  @Test
  void listeners_added_later_see_events_until_removed_and_node_finished_carries_the_items() {
    List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
    ExecutionListener listener = events::add;
    Workflow wf = Workflow.named("w").node("a", identity()).build();
    try (Engine engine = Engine.builder().build()) {
      engine.run(wf, Item.listOf(Map.of("n", 1)));
      assertThat(events).isEmpty();

      engine.addListener(listener);
      engine.run(wf, Item.listOf(Map.of("n", 2)));
      assertThat(events)
          .filteredOn(ExecutionEvent.NodeFinished.class::isInstance)
          .singleElement()
          .satisfies(
              e -> {
                ExecutionEvent.NodeFinished f = (ExecutionEvent.NodeFinished) e;
                assertThat(f.itemCounts()).isEqualTo(Map.of("main", 1));
                assertThat(f.outputs().get("main")).extracting(i -> i.get("n")).containsExactly(2);
              });

      assertThat(engine.removeListener(listener)).isTrue();
      assertThat(engine.removeListener(listener)).isFalse();
      int seen = events.size();
      engine.run(wf, Item.listOf(Map.of("n", 3)));
      assertThat(events).hasSize(seen);
    }
  }
}

package dev.tyboo.testkit.spi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.spi.store.StoredWorkflow;
import dev.tyboo.spi.store.WorkflowStore;
import dev.tyboo.spi.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link WorkflowStore} must do. Implementations' tests extend this class. */
public abstract class WorkflowStoreContract {

  /** For subclasses, which supply the implementation under test. */
  protected WorkflowStoreContract() {}

  /** The start of test time. */
  protected static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  /**
   * {@return a fresh, empty store}
   *
   * @param clock stamps saved versions
   */
  protected abstract WorkflowStore createStore(ManualClock clock);

  private final ManualClock clock = ManualClock.at(T0);

  @Test
  void should_number_versions_per_name_and_keep_old_ones_unchanged() {
    WorkflowStore store = createStore(clock);
    StoredWorkflow v1 = store.save("orders", "{\"name\":\"orders\",\"nodes\":[]}");
    clock.advance(Duration.ofMinutes(5));
    StoredWorkflow v2 =
        store.save("orders", "{\"name\":\"orders\",\"description\":\"v2\",\"nodes\":[]}");
    StoredWorkflow other = store.save("invoices", "{\"name\":\"invoices\",\"nodes\":[]}");

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(other.version()).isEqualTo(1);
    assertThat(v2.savedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(store.find("orders", 1)).contains(v1);
    assertThat(store.latest("orders")).contains(v2);
    assertThat(store.versions("orders")).containsExactly(1, 2);
    assertThat(store.names()).containsExactly("invoices", "orders");
  }

  @Test
  void should_find_nothing_for_unknown_names_and_versions() {
    WorkflowStore store = createStore(clock);
    store.save("orders", "{}");
    assertThat(store.find("orders", 2)).isEmpty();
    assertThat(store.find("orders", 0)).isEmpty();
    assertThat(store.find("nope", 1)).isEmpty();
    assertThat(store.latest("nope")).isEmpty();
    assertThat(store.versions("nope")).isEmpty();
  }

  @Test
  void should_reject_bad_arguments() {
    WorkflowStore store = createStore(clock);
    assertThatThrownBy(() -> store.save(" ", "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> store.save("x", null)).isInstanceOf(NullPointerException.class);
    assertThat(store.names()).isEmpty();
  }

  @Test
  void should_give_concurrent_saves_distinct_versions() throws Exception {
    WorkflowStore store = createStore(clock);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Integer>>> saved = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        saved.add(
            pool.submit(
                () -> {
                  List<Integer> mine = new ArrayList<>();
                  for (int i = 0; i < 100; i++) {
                    mine.add(store.save("busy", "{}").version());
                  }
                  return mine;
                }));
      }
      List<Integer> all = new ArrayList<>();
      for (Future<List<Integer>> f : saved) {
        all.addAll(f.get());
      }
      assertThat(all).doesNotHaveDuplicates().hasSize(400);
      assertThat(store.versions("busy")).hasSize(400).startsWith(1).endsWith(400);
    } finally {
      pool.shutdownNow();
    }
  }
}

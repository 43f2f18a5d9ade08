package dev.tyboo.testkit.ai.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import dev.tyboo.ai.spi.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link VectorStore} must do. An implementation's test extends this class. */
public abstract class VectorStoreContract {

  /** For subclasses, which supply the implementation under test. */
  protected VectorStoreContract() {}

  /** {@return a store with no records} */
  protected abstract VectorStore createStore();

  private static VectorRecord rec(String id, float x, float y, Map<String, Object> metadata) {
    return new VectorRecord(id, new float[] {x, y, 0}, "text of " + id, metadata);
  }

  private static List<String> ids(List<VectorMatch> matches) {
    return matches.stream().map(m -> m.record().id()).toList();
  }

  @Test
  void finds_the_nearest_records_by_cosine_closest_first() {
    VectorStore store = createStore();
    store.upsert(
        "docs",
        List.of(
            rec("east", 1, 0, Map.of()),
            rec("north-east", 1, 1, Map.of()),
            rec("north", 0, 1, Map.of()),
            rec("west", -1, 0, Map.of())));

    List<VectorMatch> top = store.query("docs", new float[] {1, 0.1f, 0}, 2, Map.of());

    assertThat(ids(top)).containsExactly("east", "north-east");
    assertThat(top.getFirst().score())
        .isGreaterThan(top.get(1).score())
        .isLessThanOrEqualTo(1.0001);
    assertThat(top.getFirst().record().text()).isEqualTo("text of east");
    assertThat(store.query("docs", new float[] {1, 0, 0}, 10, Map.of())).hasSize(4);
    assertThat(store.query("other", new float[] {1, 0, 0}, 3, Map.of())).isEmpty();
  }

  @Test
  void filters_on_metadata_and_keeps_it() {
    VectorStore store = createStore();
    store.upsert(
        "docs",
        List.of(
            rec("a", 1, 0, Map.of("source", "guide.md", "page", 1)),
            rec("b", 1, 0.1f, Map.of("source", "faq.md", "page", 1)),
            rec("c", 1, 0.2f, Map.of("source", "guide.md", "page", 2))));

    List<VectorMatch> guide =
        store.query("docs", new float[] {1, 0, 0}, 5, Map.of("source", "guide.md"));
    List<VectorMatch> pageTwo =
        store.query("docs", new float[] {1, 0, 0}, 5, Map.of("source", "guide.md", "page", 2));

    assertThat(ids(guide)).containsExactly("a", "c");
    assertThat(ids(pageTwo)).containsExactly("c");
    assertThat(guide.getFirst().record().metadata()).containsEntry("source", "guide.md");
  }

  @Test
  void upserts_replace_by_id_and_deletes_count() {
    VectorStore store = createStore();
    store.upsert("docs", List.of(rec("a", 1, 0, Map.of("v", 1)), rec("b", 0, 1, Map.of())));
    store.upsert("docs", List.of(rec("a", 0, 1, Map.of("v", 2))));

    List<VectorMatch> north = store.query("docs", new float[] {0, 1, 0}, 1, Map.of("v", 2));
    assertThat(ids(north)).containsExactly("a");
    assertThat(store.delete("docs", List.of("a", "missing"))).isEqualTo(1);
    assertThat(ids(store.query("docs", new float[] {0, 1, 0}, 5, Map.of()))).containsExactly("b");
  }

  @Test
  void refuses_a_wrong_dimension_and_writes_nothing_of_that_upsert() {
    VectorStore store = createStore();
    store.upsert("docs", List.of(rec("a", 1, 0, Map.of())));
    List<VectorRecord> mixed = new ArrayList<>();
    mixed.add(rec("b", 0, 1, Map.of()));
    mixed.add(new VectorRecord("c", new float[] {1, 2}, "", Map.of()));

    assertThatThrownBy(() -> store.upsert("docs", mixed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'c'")
        .hasMessageContaining("nothing was written");
    assertThat(ids(store.query("docs", new float[] {1, 0, 0}, 5, Map.of()))).containsExactly("a");
    assertThatThrownBy(() -> store.query("docs", new float[] {1, 0}, 5, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimensions");
  }
}

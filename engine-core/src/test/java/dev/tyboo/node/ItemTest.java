package dev.tyboo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.spi.binary.BinaryRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemTest {

  @Test
  void should_copy_deeply_so_later_changes_do_not_leak_in() {
    List<Object> tags = new ArrayList<>(List.of("a"));
    Map<String, Object> json = new HashMap<>();
    json.put("tags", tags);
    Item item = Item.of(json);

    tags.add("b");
    json.put("extra", 1);

    assertThat(item.json()).containsOnlyKeys("tags");
    assertThat(item.get("tags")).isEqualTo(List.of("a"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void should_be_immutable_and_keep_nulls_and_order() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("z", null);
    json.put("a", BigDecimal.ONE);
    json.put("m", Map.of("n", List.of(1, 2)));
    Item item = Item.of(json);

    assertThat(item.json().keySet()).containsExactly("z", "a", "m");
    assertThat(item.json()).containsEntry("z", null);
    assertThatThrownBy(() -> item.json().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Map<String, Object>) item.get("m")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) ((Map<?, ?>) item.get("m")).get("n")).add(3))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void should_reject_values_that_are_not_json_naming_their_path() {
    assertThatThrownBy(() -> Item.of(Map.of("when", Map.of("at", new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$json.when.at");
    assertThatThrownBy(() -> Item.of(Map.of("n", Double.NaN))).hasMessageContaining("NaN");
    Map<Object, Object> badKey = new HashMap<>();
    badKey.put(1, "x");
    assertThatThrownBy(() -> Item.of(Map.of("m", badKey)))
        .hasMessageContaining("keys must be strings");
  }

  @Test
  void should_refuse_values_nested_too_deeply_instead_of_overflowing_the_stack() {
    Object deep = "leaf";
    for (int i = 0; i < 10_000; i++) {
      deep = i % 2 == 0 ? List.of(deep) : Map.of("k", deep);
    }
    Object value = deep;
    assertThatThrownBy(() -> Item.of(Map.of("deep", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than 256 levels");
  }

  @Test
  void should_not_copy_an_unchanged_item_again() {
    Item item = Item.of(Map.of("a", 1));
    assertThat(Item.of(item.json()).json()).isSameAs(item.json());
    Item withBinary = item.withBinary("file", new BinaryRef("id-1", "a.txt", "text/plain", 3));
    assertThat(withBinary.json()).isSameAs(item.json());
    assertThat(withBinary.binary()).containsKey("file");
    assertThat(item.with("b", 2).json()).containsEntry("a", 1).containsEntry("b", 2);
  }

  @Test
  void should_reject_nulls_and_bad_refs() {
    assertThatThrownBy(() -> new Item(null, Map.of())).hasMessage("json");
    assertThatThrownBy(() -> new BinaryRef(" ", null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BinaryRef("x", null, null, -1)).hasMessageContaining("size");
  }
}

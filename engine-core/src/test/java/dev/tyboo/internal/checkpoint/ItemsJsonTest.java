package dev.tyboo.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.StorageException;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemsJsonTest {

  @Test
  void a_wait_keeps_its_due_items_and_batches_as_fields_of_its_own() {
    Item due = Item.of(Map.of("when", "due"));
    List<List<Item>> batches =
        List.of(
            List.of(Item.of(Map.of("i", 0)), Item.of(Map.of("i", 1))),
            List.of(
                Item.of(Map.of("i", 2))
                    .withBinary(
                        "f", new BinaryRef("b-2", "x.bin", "application/octet-stream", 3))));

    String json = ItemsJson.writeWait(new ItemsJson.StoredWait(List.of(due), batches));
    ItemsJson.StoredWait back = ItemsJson.readWait(json);

    assertThat(back.itemsWhenDue()).containsExactly(due);
    assertThat(back.batches()).isEqualTo(batches);
    assertThat(json).doesNotContain("$batch").contains("\"itemsWhenDue\"", "\"batches\"");
  }

  @Test
  void a_wait_checkpointed_as_ports_by_an_earlier_engine_still_reads() {
    String earlier =
        "{\"main\":[{\"json\":{\"d\":1}}],"
            + "\"$batch.0\":[{\"json\":{\"i\":0}}],\"$batch.1\":[{\"json\":{\"i\":1}}]}";

    ItemsJson.StoredWait back = ItemsJson.readWait(earlier);

    assertThat(back.itemsWhenDue()).containsExactly(Item.of(Map.of("d", 1)));
    assertThat(back.batches())
        .containsExactly(List.of(Item.of(Map.of("i", 0))), List.of(Item.of(Map.of("i", 1))));
  }

  @Test
  void a_corrupt_wait_names_what_is_wrong() {
    assertThatThrownBy(() -> ItemsJson.readWait("{\"itemsWhenDue\":[],\"batches\":[{}]}"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("$.batches[0]: expected an array of items");
  }

  @Test
  void should_round_trip_json_numbers_nulls_and_binary_refs() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("int", 1);
    json.put("long", 10_000_000_000L);
    json.put("big", new BigInteger("123456789012345678901234567890"));
    json.put("double", 2.5);
    json.put("null", null);
    json.put("nested", Map.of("list", List.of(1, "two", false)));
    Item item =
        Item.of(json).withBinary("file", new BinaryRef("b-1", "a.pdf", "application/pdf", 42));
    List<Item> items = List.of(item, Item.empty());

    List<Item> back = ItemsJson.read(ItemsJson.write(items));

    assertThat(back).isEqualTo(items);
    assertThat(back.get(0).get("long")).isInstanceOf(Long.class);
    assertThat(back.get(0).json().keySet())
        .containsExactly("int", "long", "big", "double", "null", "nested");
  }

  @Test
  void should_round_trip_outputs_per_port() {
    Map<String, List<Item>> outputs = new LinkedHashMap<>();
    outputs.put("true", Item.listOf(Map.of("a", 1)));
    outputs.put("false", List.of());
    assertThat(ItemsJson.readOutputs(ItemsJson.writeOutputs(outputs))).isEqualTo(outputs);
  }

  @Test
  void should_round_trip_random_items() {
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      List<Item> items = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) randomValue(random, 0, true);
        items.add(Item.of(json));
      }
      assertThat(ItemsJson.read(ItemsJson.write(items))).isEqualTo(items);
    }
  }

  private static Object randomValue(Random random, int depth, boolean object) {
    int kind = object ? 6 : depth > 4 ? random.nextInt(6) : random.nextInt(8);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt();
      case 3 -> random.nextLong();
      case 4 -> random.nextDouble() * 1e6 - 5e5;
      case 5 -> Long.toString(random.nextLong(), 36) + "\u00e9\"\\\n";
      case 6 -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put("k" + random.nextInt(100), randomValue(random, depth + 1, false));
        }
        yield map;
      }
      default -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(random, depth + 1, false));
        }
        yield list;
      }
    };
  }

  @Test
  void should_report_corrupt_data_naming_the_place() {
    assertThatThrownBy(() -> ItemsJson.read("{"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ItemsJson.read("{}")).hasMessageContaining("expected an array");
    assertThatThrownBy(() -> ItemsJson.read("[{\"json\": 1}]")).hasMessageContaining("$[0]");
    assertThatThrownBy(() -> ItemsJson.read("[{\"json\": {}, \"binary\": {\"f\": {\"size\": 1}}}]"))
        .hasMessageContaining("$[0].binary.f");
    assertThatThrownBy(() -> ItemsJson.readOutputs("{\"main\": 3}")).hasMessageContaining("$.main");
    assertThatThrownBy(() -> ItemsJson.read(null)).hasMessageContaining("null");
    assertThatThrownBy(() -> ItemsJson.read("[" + "[".repeat(1000) + "]".repeat(1000) + "]"))
        .isInstanceOf(StorageException.class);
  }
}

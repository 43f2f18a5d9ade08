package dev.tyboo.internal.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tyboo.error.StorageException;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Items as JSON, for checkpoints and execution inputs: {@code [{"json": {...}, "binary": {"name":
 * {"id", "fileName", "mimeType", "size"}}}]}, binary omitted when empty. Integers come back as
 * {@code Integer}, {@code Long} or {@code BigInteger} as they fit; fractions as {@code Double}.
 */
public final class ItemsJson {

  // whatever the engine wrote it reads back: strings as long as an output may be (the standard
  // bound stops at 20 million characters)
  private static final ObjectMapper MAPPER = JsonMappers.builder(Integer.MAX_VALUE).build();

  private static final String WAIT_ITEMS = "itemsWhenDue";
  private static final String WAIT_BATCHES = "batches";
  private static final String WAIT_STEP = "resumeStep";

  private ItemsJson() {}

  /**
   * {@return the items as a JSON array}
   *
   * @param items the items
   */
  public static String write(List<Item> items) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Item item : items) {
      array.add(toNode(item));
    }
    return text(array);
  }

  /**
   * {@return items per output port as a JSON object}
   *
   * @param outputs items per port
   */
  public static String writeOutputs(Map<String, List<Item>> outputs) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    outputs.forEach(
        (port, items) -> {
          ArrayNode array = object.putArray(port);
          items.forEach(item -> array.add(toNode(item)));
        });
    return text(object);
  }

  /**
   * {@return the items of a JSON array written by {@link #write}}
   *
   * @param json the array
   * @throws StorageException naming what is wrong when the text is not such an array
   */
  public static List<Item> read(String json) {
    JsonNode node = parse(json);
    if (!node.isArray()) {
      throw corrupt("expected an array of items, found " + node.getNodeType());
    }
    return items(node, "$");
  }

  /**
   * {@return the items per port of a JSON object written by {@link #writeOutputs}}
   *
   * @param json the object
   * @throws StorageException naming what is wrong when the text is not such an object
   */
  public static Map<String, List<Item>> readOutputs(String json) {
    JsonNode node = parse(json);
    if (!node.isObject()) {
      throw corrupt("expected an object of ports, found " + node.getNodeType());
    }
    Map<String, List<Item>> outputs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> port : node.properties()) {
      if (!port.getValue().isArray()) {
        throw corrupt("$." + port.getKey() + ": expected an array of items");
      }
      outputs.put(port.getKey(), items(port.getValue(), "$." + port.getKey()));
    }
    return outputs;
  }

  /**
   * The state of a waiting node run as its checkpoint keeps it.
   *
   * @param itemsWhenDue what the node emits when its due time comes
   * @param batches the items of each child of a sub-workflow run per batch, or empty
   * @param resumeStep a suspension's step (the node runs again when it ends), or {@code null}
   */
  public record StoredWait(List<Item> itemsWhenDue, List<List<Item>> batches, String resumeStep) {

    /** Copies the lists. */
    public StoredWait {
      itemsWhenDue = List.copyOf(itemsWhenDue);
      batches = List.copyOf(batches);
    }

    /**
     * A wait that finishes its node.
     *
     * @param itemsWhenDue what the node emits when its due time comes
     * @param batches the items of each child of a sub-workflow run per batch, or empty
     */
    public StoredWait(List<Item> itemsWhenDue, List<List<Item>> batches) {
      this(itemsWhenDue, batches, null);
    }
  }

  /**
   * {@return a waiting node run's state as a JSON object: {@code {"itemsWhenDue": [items],
   * "batches": [[items], ...]}}}
   *
   * @param wait the state
   */
  public static String writeWait(StoredWait wait) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    ArrayNode due = object.putArray(WAIT_ITEMS);
    wait.itemsWhenDue().forEach(item -> due.add(toNode(item)));
    ArrayNode batches = object.putArray(WAIT_BATCHES);
    for (List<Item> batch : wait.batches()) {
      ArrayNode array = batches.addArray();
      batch.forEach(item -> array.add(toNode(item)));
    }
    if (wait.resumeStep() != null) {
      object.put(WAIT_STEP, wait.resumeStep());
    }
    return text(object);
  }

  /**
   * {@return the state of a waiting node run written by {@link #writeWait}; also reads the form
   * engines before 0.1 wrote, items per port with {@code main} due and {@code $batch.N} batches}
   *
   * @param json the object
   * @throws StorageException naming what is wrong when the text is not such an object
   */
  public static StoredWait readWait(String json) {
    JsonNode node = parse(json);
    if (!node.isObject()) {
      throw corrupt("expected a wait object, found " + node.getNodeType());
    }
    if (!node.has(WAIT_ITEMS)) { // the earlier form: ports
      Map<String, List<Item>> ports = readOutputs(json);
      List<List<Item>> batches = new ArrayList<>();
      for (int b = 0; ports.containsKey("$batch." + b); b++) {
        batches.add(ports.get("$batch." + b));
      }
      return new StoredWait(ports.getOrDefault("main", List.of()), batches);
    }
    JsonNode due = node.get(WAIT_ITEMS);
    JsonNode batches = node.path(WAIT_BATCHES);
    if (!due.isArray() || !batches.isArray()) {
      throw corrupt("$." + WAIT_ITEMS + " and $." + WAIT_BATCHES + ": expected arrays");
    }
    List<List<Item>> read = new ArrayList<>(batches.size());
    for (int b = 0; b < batches.size(); b++) {
      String at = "$." + WAIT_BATCHES + "[" + b + "]";
      if (!batches.get(b).isArray()) {
        throw corrupt(at + ": expected an array of items");
      }
      read.add(items(batches.get(b), at));
    }
    JsonNode step = node.get(WAIT_STEP);
    if (step != null && !step.isTextual()) {
      throw corrupt("$." + WAIT_STEP + ": expected a text");
    }
    return new StoredWait(items(due, "$." + WAIT_ITEMS), read, step == null ? null : step.asText());
  }

  private static List<Item> items(JsonNode array, String path) {
    List<Item> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String p = path + "[" + i + "]";
      JsonNode node = array.get(i);
      JsonNode json = node.get("json");
      if (!node.isObject() || json == null || !json.isObject()) {
        throw corrupt(p + ": expected {\"json\": {...}}");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) JsonValues.fromTree(json);
      Map<String, BinaryRef> binary = new LinkedHashMap<>();
      JsonNode refs = node.get("binary");
      if (refs != null) {
        for (Map.Entry<String, JsonNode> e : refs.properties()) {
          JsonNode r = e.getValue();
          if (!r.path("id").isTextual() || !r.path("size").canConvertToLong()) {
            throw corrupt(
                p + ".binary." + e.getKey() + ": expected {\"id\": \"...\", \"size\": n}");
          }
          binary.put(
              e.getKey(),
              new BinaryRef(
                  r.get("id").asText(),
                  r.path("fileName").isTextual() ? r.get("fileName").asText() : null,
                  r.path("mimeType").isTextual() ? r.get("mimeType").asText() : null,
                  r.get("size").asLong()));
        }
      }
      try {
        items.add(new Item(map, binary));
      } catch (IllegalArgumentException e) {
        throw corrupt(p + ": " + e.getMessage());
      }
    }
    return List.copyOf(items);
  }

  private static ObjectNode toNode(Item item) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("json", MAPPER.valueToTree(item.json()));
    if (!item.binary().isEmpty()) {
      ObjectNode refs = node.putObject("binary");
      item.binary()
          .forEach(
              (name, ref) -> {
                ObjectNode r = refs.putObject(name);
                r.put("id", ref.id());
                if (ref.fileName() != null) {
                  r.put("fileName", ref.fileName());
                }
                if (ref.mimeType() != null) {
                  r.put("mimeType", ref.mimeType());
                }
                r.put("size", ref.size());
              });
    }
    return node;
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      throw corrupt("no data (null)");
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw corrupt("not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new StorageException("items could not be written as JSON", e);
    }
  }

  private static StorageException corrupt(String what) {
    return new StorageException("corrupt item data: " + what, null);
  }
}

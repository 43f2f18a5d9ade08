package dev.tyboo.ai.nodes;

import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import dev.tyboo.ai.spi.VectorStore;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Vector Store node (JSON type {@code vectorStore}), on a store the host registered by name
 * ({@code store}) and a {@code collection}:
 *
 * <ul>
 *   <li>{@code upsert}: every item becomes a record: {@code id} (default the item's {@code id}),
 *       the vector in {@code vectorField} (default {@code embedding}), the text in {@code
 *       textField} (default {@code text}), the {@code metadata} object (default: the item's other
 *       fields, vector excluded); all items in one upsert, all or none; items pass through.
 *   <li>{@code query}: per item, the {@code topK} records nearest the item's vector that match the
 *       {@code filter}; one item per match: {@code id}, {@code text}, {@code score}, {@code
 *       metadata}, {@code query} (the query item's index).
 *   <li>{@code delete}: the records of the items' ids; emits {@code {"deleted": n}}.
 * </ul>
 */
public final class VectorStoreNode implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "vectorStore";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Vector Store")
          .description("Upserts, queries or deletes embeddings in a vector store")
          .property(PropertySpec.string("operation").oneOf("upsert", "query", "delete").required())
          .property(PropertySpec.string("store").withDefault("memory"))
          .property(PropertySpec.string("collection").required())
          .property(PropertySpec.string("id"))
          .property(PropertySpec.string("vectorField").withDefault("embedding"))
          .property(PropertySpec.string("textField").withDefault("text"))
          .property(PropertySpec.object("metadata"))
          .property(PropertySpec.integer("topK").withDefault(4))
          .property(PropertySpec.object("filter"))
          .build();

  private final Map<String, VectorStore> stores;

  /**
   * Creates the node type.
   *
   * @param stores the stores workflows may name
   */
  public VectorStoreNode(Map<String, VectorStore> stores) {
    this.stores = Map.copyOf(stores);
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  /** The store a node names in its {@code store} parameter, or a final failure naming the node. */
  static VectorStore store(NodeContext ctx, Map<String, VectorStore> stores, int item) {
    String name = ctx.stringParameter("store", item);
    VectorStore store = stores.get(name);
    if (store == null) {
      throw new NonRetryableNodeException(
          "no vector store '" + name + "'; there are " + stores.keySet(), item, null);
    }
    return store;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    if (ctx.input().isEmpty()) {
      return NodeResult.of(List.of());
    }
    VectorStore store = store(ctx, stores, 0);
    String collection = ctx.stringParameter("collection", 0);
    try {
      return switch (ctx.stringParameter("operation", 0)) {
        case "upsert" -> upsert(ctx, store, collection);
        case "query" -> query(ctx, store, collection);
        default -> delete(ctx, store, collection);
      };
    } catch (dev.tyboo.ai.VectorStoreException e) {
      throw new RetryableNodeException(
          ""
              + e.getMessage()
              + (e.written().isEmpty() ? "" : " (written before the failure: " + e.written() + ")"),
          e);
    } catch (IllegalArgumentException e) {
      throw new NonRetryableNodeException("" + e.getMessage(), e);
    }
  }

  private static float[] vector(NodeContext ctx, int i, String field) {
    if (!(ctx.input().get(i).json().get(field) instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("item " + i + " has no vector in '" + field + "'");
    }
    float[] v = new float[list.size()];
    for (int d = 0; d < v.length; d++) {
      if (!(list.get(d) instanceof Number n)) {
        throw new IllegalArgumentException(
            "item " + i + ": '" + field + "'[" + d + "] is not a number");
      }
      v[d] = n.floatValue();
    }
    return v;
  }

  private NodeResult upsert(NodeContext ctx, VectorStore store, String collection) {
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Item item = ctx.input().get(i);
      String vectorField = ctx.stringParameter("vectorField", i);
      String textField = ctx.stringParameter("textField", i);
      String id = ctx.stringParameter("id", i);
      if (id == null || id.isBlank()) {
        id = item.json().get("id") == null ? null : String.valueOf(item.json().get("id"));
      }
      if (id == null) {
        throw new IllegalArgumentException("item " + i + " has no 'id' (set the 'id' parameter)");
      }
      Map<String, Object> metadata;
      if (ctx.parameter("metadata", i) instanceof Map<?, ?> m) {
        metadata = new LinkedHashMap<>();
        m.forEach((k, v) -> metadata.put(String.valueOf(k), v));
      } else {
        metadata = new LinkedHashMap<>(item.json());
        metadata.remove(vectorField);
        metadata.remove(textField);
      }
      Object text = item.json().get(textField);
      records.add(
          new VectorRecord(
              id, vector(ctx, i, vectorField), text == null ? "" : String.valueOf(text), metadata));
    }
    store.upsert(collection, records);
    return NodeResult.of(ctx.input());
  }

  private NodeResult query(NodeContext ctx, VectorStore store, String collection) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      int topK = ctx.parameter("topK", i, Number.class).intValue();
      Map<String, Object> filter = new LinkedHashMap<>();
      if (ctx.parameter("filter", i) instanceof Map<?, ?> f) {
        f.forEach((k, v) -> filter.put(String.valueOf(k), v));
      }
      for (VectorMatch m :
          store.query(
              collection, vector(ctx, i, ctx.stringParameter("vectorField", i)), topK, filter)) {
        out.add(Item.of(match(m, i)));
      }
    }
    return NodeResult.of(out);
  }

  static Map<String, Object> match(VectorMatch m, int query) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", m.record().id());
    json.put("text", m.record().text());
    json.put("score", m.score());
    json.put("metadata", m.record().metadata());
    json.put("query", query);
    return json;
  }

  private NodeResult delete(NodeContext ctx, VectorStore store, String collection) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      String id = ctx.stringParameter("id", i);
      Object fromItem = ctx.input().get(i).json().get("id");
      ids.add(
          Objects.requireNonNullElse(
              id == null || id.isBlank()
                  ? (fromItem == null ? null : String.valueOf(fromItem))
                  : id,
              ""));
    }
    ids.removeIf(String::isEmpty);
    return NodeResult.of(List.of(Item.of(Map.of("deleted", store.delete(collection, ids)))));
  }
}

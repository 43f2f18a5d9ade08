package dev.tyboo.nodes.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.Attachments;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON file attachments and items (JSON type {@code jsonFile}), streaming:
 *
 * <ul>
 *   <li>{@code toItems}: reads the attachment {@code binaryProperty} (default {@code data}) of each
 *       item: a top-level array gives one item per element (read one element at a time), an object
 *       one item; an element that is not an object is kept under {@code data};
 *   <li>{@code fromItems}: writes all items' JSON as one array attachment ({@code fileName},
 *       default {@code data.json}) on one output item.
 * </ul>
 */
public final class JsonFile {

  /** The JSON type name. */
  public static final String TYPE = "jsonFile";

  private static final ObjectMapper JSON = JsonMappers.standard();
  // one element of an array read from a stream: what follows it is the rest of the array
  private static final ObjectReader ELEMENT =
      JSON.readerFor(Object.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("JSON File")
          .description("Reads a JSON attachment into items, or writes items as a JSON attachment")
          .property(PropertySpec.string("action").oneOf("toItems", "fromItems").required())
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .property(PropertySpec.string("fileName").withDefault("data.json"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, JsonFile::execute);

  private JsonFile() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a node reading the {@code data} JSON attachment of each item} */
  public static NodeDefinition toItems() {
    return NodeDefinition.of(INSTANCE, Map.of("action", "toItems"));
  }

  /**
   * {@return a node writing all items as one JSON array attachment}
   *
   * @param fileName the attachment's file name
   */
  public static NodeDefinition fromItems(String fileName) {
    return NodeDefinition.of(INSTANCE, Map.of("action", "fromItems", "fileName", fileName));
  }

  private static NodeResult execute(NodeContext ctx) throws IOException {
    return "fromItems".equals(ctx.stringParameter("action", 0))
        ? NodeResult.of(List.of(write(ctx)))
        : NodeResult.of(read(ctx));
  }

  private static List<Item> read(NodeContext ctx) throws IOException {
    List<Item> out = new ArrayList<>();
    List<Item> input = ctx.input();
    for (int i = 0; i < input.size(); i++) {
      String property = ctx.stringParameter("binaryProperty", i);
      BinaryRef ref = Attachments.required(ctx, i, property);
      try (InputStream in = ctx.binaries().open(ref);
          JsonParser parser = JSON.createParser(in)) {
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_ARRAY) {
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            out.add(item(ELEMENT.readValue(parser)));
          }
          if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "unexpected content after the array");
          }
        } else if (first != null) {
          out.add(item(JSON.readValue(parser, Object.class)));
        }
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new NonRetryableNodeException(
            "attachment '"
                + property
                + "' of item "
                + i
                + " is not valid JSON: "
                + e.getOriginalMessage(),
            e);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Item item(Object value) {
    if (value instanceof Map<?, ?> m) {
      return Item.of((Map<String, ?>) m);
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("data", value);
    return Item.of(wrapped);
  }

  /** Writes through a temporary file, so that a large result never sits in the heap. */
  private static Item write(NodeContext ctx) throws IOException {
    String fileName = ctx.stringParameter("fileName", 0);
    BinaryRef ref =
        Attachments.writeThroughTempFile(
            ctx,
            fileName,
            "application/json",
            out -> {
              try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartArray();
                for (Item item : ctx.input()) {
                  JSON.writeValue(g, item.json());
                }
                g.writeEndArray();
              }
            });
    return Item.of(Map.of("fileName", fileName, "items", ctx.input().size()))
        .withBinary(ctx.stringParameter("binaryProperty", 0), ref);
  }
}

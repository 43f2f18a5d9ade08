package dev.tyboo.nodes.format;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between CSV attachments and items (JSON type {@code csv}), streaming the file rather
 * than holding it whole:
 *
 * <ul>
 *   <li>{@code toItems}: reads the CSV attachment {@code binaryProperty} (default {@code data}) of
 *       each input item; with {@code header} (default true) the first row names the fields, else
 *       they are {@code column1}, {@code column2}, ...; one item per row, values as text;
 *   <li>{@code fromItems}: writes all input items as one CSV attachment ({@code fileName}, default
 *       {@code data.csv}) on one output item; the columns are the items' top-level fields in order
 *       of first appearance; nested values are written as JSON text.
 * </ul>
 */
public final class Csv {

  /** The JSON type name. */
  public static final String TYPE = "csv";

  private static final CsvMapper CSV = new CsvMapper();
  private static final ObjectMapper JSON = JsonMappers.standard();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("CSV")
          .description("Reads a CSV attachment into items, or writes items as a CSV attachment")
          .property(PropertySpec.string("action").oneOf("toItems", "fromItems").required())
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .property(PropertySpec.bool("header").withDefault(true))
          .property(PropertySpec.string("delimiter").withDefault(","))
          .property(PropertySpec.string("fileName").withDefault("data.csv"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Csv::execute);

  private Csv() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a node reading the {@code data} CSV attachment of each item, with a header row} */
  public static NodeDefinition toItems() {
    return NodeDefinition.of(INSTANCE, Map.of("action", "toItems"));
  }

  /**
   * {@return a node writing all items as one CSV attachment}
   *
   * @param fileName the attachment's file name
   */
  public static NodeDefinition fromItems(String fileName) {
    return NodeDefinition.of(INSTANCE, Map.of("action", "fromItems", "fileName", fileName));
  }

  private static NodeResult execute(NodeContext ctx) throws IOException {
    String delimiter = ctx.stringParameter("delimiter", 0);
    if (delimiter == null || delimiter.length() != 1) {
      throw new NonRetryableNodeException("parameter 'delimiter' must be one character");
    }
    return "fromItems".equals(ctx.stringParameter("action", 0))
        ? NodeResult.of(List.of(write(ctx, delimiter.charAt(0))))
        : NodeResult.of(read(ctx, delimiter.charAt(0)));
  }

  private static List<Item> read(NodeContext ctx, char delimiter) throws IOException {
    List<Item> out = new ArrayList<>();
    List<Item> input = ctx.input();
    for (int i = 0; i < input.size(); i++) {
      String property = ctx.stringParameter("binaryProperty", i);
      BinaryRef ref = Attachments.required(ctx, i, property);
      boolean header = !Boolean.FALSE.equals(ctx.parameter("header", i, Boolean.class));
      CsvSchema schema =
          (header ? CsvSchema.emptySchema().withHeader() : CsvSchema.emptySchema())
              .withColumnSeparator(delimiter);
      try (InputStream in = ctx.binaries().open(ref)) {
        if (header) {
          try (MappingIterator<Map<String, String>> rows =
              CSV.readerFor(Map.class).with(schema).readValues(in)) {
            while (rows.hasNext()) {
              out.add(Item.of(rows.next()));
            }
          }
        } else {
          try (MappingIterator<List<String>> rows =
              CSV.readerFor(List.class)
                  .with(schema)
                  .with(CsvParser.Feature.WRAP_AS_ARRAY)
                  .readValues(in)) {
            while (rows.hasNext()) {
              List<String> row = rows.next();
              Map<String, Object> json = new LinkedHashMap<>();
              for (int c = 0; c < row.size(); c++) {
                json.put("column" + (c + 1), row.get(c));
              }
              out.add(Item.of(json));
            }
          }
        }
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new NonRetryableNodeException(
            "attachment '"
                + property
                + "' of item "
                + i
                + " is not valid CSV: "
                + e.getOriginalMessage(),
            e);
      }
    }
    return out;
  }

  /** Writes through a temporary file, so that a large result never sits in the heap. */
  private static Item write(NodeContext ctx, char delimiter) throws IOException {
    List<Item> input = ctx.input();
    Set<String> columns = new LinkedHashSet<>();
    input.forEach(item -> columns.addAll(item.json().keySet()));
    CsvSchema.Builder schema = CsvSchema.builder().setColumnSeparator(delimiter).setUseHeader(true);
    columns.forEach(schema::addColumn);
    String fileName = ctx.stringParameter("fileName", 0);
    BinaryRef ref =
        Attachments.writeThroughTempFile(
            ctx,
            fileName,
            "text/csv",
            out -> {
              try (SequenceWriter rows =
                  CSV.writer(schema.build())
                      .with(CsvGenerator.Feature.ALWAYS_QUOTE_EMPTY_STRINGS)
                      .writeValues(out)) {
                for (Item item : input) {
                  Map<String, Object> row = new LinkedHashMap<>();
                  for (String c : columns) {
                    Object v = item.json().get(c);
                    row.put(c, v instanceof Map<?, ?> || v instanceof List<?> ? json(v) : v);
                  }
                  rows.write(row);
                }
              }
            });
    return Item.of(Map.of("fileName", fileName, "rows", input.size()))
        .withBinary(ctx.stringParameter("binaryProperty", 0), ref);
  }

  private static String json(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

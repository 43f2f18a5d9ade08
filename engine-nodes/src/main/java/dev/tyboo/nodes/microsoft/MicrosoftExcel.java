package dev.tyboo.nodes.microsoft;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows of a table in an Excel workbook on OneDrive, through Microsoft Graph's workbook API (JSON
 * type {@code microsoftExcel}) with a {@code microsoftOAuth2Api} credential. The workbook is named
 * by its drive {@code path} (e.g. {@code Reports/orders.xlsx}), the table by {@code table}.
 *
 * <ul>
 *   <li>{@code readRows}: one item per row, keyed by the table's column names, at most {@code
 *       maxRows};
 *   <li>{@code appendRows}: every item as one row, its cells the item's fields named by the table's
 *       columns (in their order; a missing field is an empty cell), in one request; the items pass
 *       on.
 * </ul>
 *
 * <p>Graph has no idempotency key for rows: an append retried after its answer was lost may add its
 * rows twice.
 */
public final class MicrosoftExcel {

  /** The JSON type name. */
  public static final String TYPE = "microsoftExcel";

  /** What the node does. */
  enum Operation {
    readRows,
    appendRows
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param path the workbook's path in the drive
   * @param table the table's name or id
   * @param maxRows the most rows a read emits
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String path,
      @Param(required = true) String table,
      @Param(defaultValue = "10000") int maxRows) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Microsoft Excel")
              .description("Reads and appends rows of a table in an Excel workbook on OneDrive")
              .credentialType(GraphApi.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          MicrosoftExcel::execute);

  private MicrosoftExcel() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that appends each item as a row of a table}
   *
   * @param path the workbook's path, e.g. {@code Reports/orders.xlsx}
   * @param table the table's name
   */
  public static NodeDefinition appendRows(String path, String table) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "appendRows",
            "path", Objects.requireNonNull(path, "path"),
            "table", Objects.requireNonNull(table, "table")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    String base = GraphApi.base(ctx);
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>();
    Map<String, List<Integer>> appends = new LinkedHashMap<>();
    for (int i = 0; i < input.size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      if (p.table().isBlank()) {
        throw NodeFailure.badParameter("table", i, "must not be empty", p.table());
      }
      String table =
          base
              + GraphApi.drivePath("path", p.path(), i)
              + "/workbook/tables/"
              + URLEncoder.encode(p.table(), StandardCharsets.UTF_8).replace("+", "%20");
      switch (p.operation()) {
        case readRows -> read(ctx, table, p, i, out);
        case appendRows -> appends.computeIfAbsent(table, t -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<String, List<Integer>> group : appends.entrySet()) {
      String table = group.getKey();
      int first = group.getValue().getFirst();
      List<String> columns = columns(ctx, table, first);
      List<List<Object>> rows = new ArrayList<>();
      for (int i : group.getValue()) {
        List<Object> row = new ArrayList<>();
        for (String column : columns) {
          row.add(cell(input.get(i).json().get(column)));
        }
        rows.add(row);
      }
      GraphApi.call(
          ctx,
          "Microsoft Graph",
          first,
          "POST",
          URI.create(table + "/rows"),
          Map.of("values", rows));
      group.getValue().forEach(i -> out.add(input.get(i)));
    }
    return NodeResult.of(out);
  }

  private static void read(NodeContext ctx, String table, Parameters p, int i, List<Item> out)
      throws InterruptedException {
    List<String> columns = columns(ctx, table, i);
    Map<String, Object> answer =
        GraphApi.call(
                ctx,
                "Microsoft Graph",
                i,
                "GET",
                URI.create(table + "/rows?%24top=" + p.maxRows()),
                null)
            .json();
    List<?> rows = answer.get("value") instanceof List<?> l ? l : List.of();
    for (Object r : rows) {
      if (!(r instanceof Map<?, ?> row) || !(row.get("values") instanceof List<?> values)) {
        continue;
      }
      List<?> cells = values.isEmpty() ? List.of() : (List<?>) values.getFirst();
      Map<String, Object> json = new LinkedHashMap<>();
      for (int c = 0; c < columns.size(); c++) {
        json.put(columns.get(c), c < cells.size() ? cells.get(c) : null);
      }
      out.add(Item.of(json));
    }
  }

  private static List<String> columns(NodeContext ctx, String table, int i)
      throws InterruptedException {
    Map<String, Object> answer =
        GraphApi.call(
                ctx,
                "Microsoft Graph",
                i,
                "GET",
                URI.create(table + "/columns?%24select=name"),
                null)
            .json();
    List<String> names = new ArrayList<>();
    if (answer.get("value") instanceof List<?> columns) {
      for (Object c : columns) {
        if (c instanceof Map<?, ?> m) {
          names.add(String.valueOf(m.get("name")));
        }
      }
    }
    return names;
  }

  private static Object cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      try {
        return JSON.writeValueAsString(value);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return String.valueOf(value);
      }
    }
    return value;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

package dev.tyboo.nodes.google;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.workflow.NodeDefinition;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Google Sheets rows over the Sheets API v4 (JSON type {@code googleSheets}) with a {@code
 * googleOAuth2Api} credential.
 *
 * <ul>
 *   <li>{@code readRows}: the rows of {@code range} (A1 notation, e.g. {@code Orders!A1:F}), one
 *       item per row: with {@code firstRowIsHeader} (default) an object keyed by the header cells
 *       (a missing trailing cell is {@code null}), else {@code {"row": [...]}}; unformatted values
 *       (numbers stay numbers);
 *   <li>{@code appendRows}: every item as one row after the table in {@code range}, in one request
 *       per spreadsheet and range; the cells are the item's fields named by {@code columns}, or by
 *       the sheet's header row when {@code columns} is not set; values are entered as a user would
 *       type them ({@code USER_ENTERED}); the items pass on;
 *   <li>{@code updateRows}: each item's cells written to its {@code range} (e.g. {@code Orders!A{{
 *       $json.row }}}); emits {@code {updatedRange, updatedCells}}.
 * </ul>
 *
 * <p>Sheets has no idempotency key: an append retried after an answer was lost may add its rows
 * twice. A refused token is renewed once with the refresh token; 429 and 5xx are retryable.
 */
public final class GoogleSheets {

  /** The JSON type name. */
  public static final String TYPE = "googleSheets";

  /** What the node does. */
  enum Operation {
    readRows,
    appendRows,
    updateRows
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param spreadsheetId the spreadsheet (from its URL)
   * @param range the A1 range
   * @param columns the item fields that make a row's cells, in order
   * @param firstRowIsHeader whether a read's first row names the fields
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String spreadsheetId,
      @Param(required = true) String range,
      @RequiredWhen(parameter = "operation", is = "updateRows") List<String> columns,
      @Param(defaultValue = "true") boolean firstRowIsHeader) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Google Sheets")
              .description("Reads, appends and updates rows of a Google Sheets spreadsheet")
              .credentialType(GoogleApi.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          GoogleSheets::execute);

  private GoogleSheets() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that reads a range's rows, the first row naming the fields}
   *
   * @param spreadsheetId the spreadsheet
   * @param range the A1 range, e.g. {@code Orders!A1:F}
   */
  public static NodeDefinition readRows(String spreadsheetId, String range) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "readRows",
            "spreadsheetId", Objects.requireNonNull(spreadsheetId, "spreadsheetId"),
            "range", Objects.requireNonNull(range, "range")));
  }

  /**
   * {@return a node that appends each item as a row, its cells in the order of the header row}
   *
   * @param spreadsheetId the spreadsheet
   * @param range the table, e.g. {@code Orders}
   */
  public static NodeDefinition appendRows(String spreadsheetId, String range) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "appendRows",
            "spreadsheetId", Objects.requireNonNull(spreadsheetId, "spreadsheetId"),
            "range", Objects.requireNonNull(range, "range")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    String base = GoogleApi.base(ctx, "sheets.googleapis.com") + "/v4/spreadsheets/";
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>();
    Map<String, List<Integer>> appends = new LinkedHashMap<>();
    Map<String, Parameters> appendParameters = new LinkedHashMap<>();
    for (int i = 0; i < input.size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      String values = base + GoogleApi.id("spreadsheetId", p.spreadsheetId(), i) + "/values/";
      switch (p.operation()) {
        case readRows -> read(ctx, values, p, i, out);
        case appendRows -> {
          String key = p.spreadsheetId() + "\u0000" + p.range();
          appends.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
          appendParameters.putIfAbsent(key, p);
        }
        case updateRows -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("range", p.range());
          body.put("majorDimension", "ROWS");
          body.put("values", List.of(row(input.get(i), p.columns())));
          Map<String, Object> answer =
              GoogleApi.call(
                      ctx,
                      "Google Sheets",
                      i,
                      "PUT",
                      URI.create(
                          values + GoogleApi.segment(p.range()) + "?valueInputOption=USER_ENTERED"),
                      body)
                  .json();
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("updatedRange", answer.get("updatedRange"));
          json.put("updatedCells", answer.get("updatedCells"));
          out.add(Item.of(json));
        }
      }
    }
    for (Map.Entry<String, List<Integer>> group : appends.entrySet()) {
      append(ctx, base, appendParameters.get(group.getKey()), group.getValue(), out);
    }
    return NodeResult.of(out);
  }

  private static void read(NodeContext ctx, String values, Parameters p, int i, List<Item> out)
      throws InterruptedException {
    URI uri =
        URI.create(
            values
                + GoogleApi.segment(p.range())
                + "?majorDimension=ROWS&valueRenderOption=UNFORMATTED_VALUE");
    List<?> rows = rows(GoogleApi.call(ctx, "Google Sheets", i, "GET", uri, null).json());
    if (!p.firstRowIsHeader()) {
      rows.forEach(r -> out.add(Item.of(Map.of("row", r))));
      return;
    }
    if (rows.isEmpty()) {
      return;
    }
    List<?> header = (List<?>) rows.getFirst();
    for (Object r : rows.subList(1, rows.size())) {
      List<?> cells = (List<?>) r;
      Map<String, Object> json = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        json.put(String.valueOf(header.get(c)), c < cells.size() ? cells.get(c) : null);
      }
      out.add(Item.of(json));
    }
  }

  private static void append(
      NodeContext ctx, String base, Parameters p, List<Integer> items, List<Item> out)
      throws InterruptedException {
    int first = items.getFirst();
    String values = base + GoogleApi.id("spreadsheetId", p.spreadsheetId(), first) + "/values/";
    List<String> columns = p.columns();
    if (columns == null || columns.isEmpty()) {
      String sheet =
          p.range().contains("!") ? p.range().substring(0, p.range().indexOf('!')) : p.range();
      URI headerRow =
          URI.create(values + GoogleApi.segment(sheet + "!1:1") + "?majorDimension=ROWS");
      List<?> rows =
          rows(GoogleApi.call(ctx, "Google Sheets", first, "GET", headerRow, null).json());
      if (rows.isEmpty()) {
        throw NodeFailure.badParameter(
            "columns", first, "is needed: the sheet has no header row to name the cells", null);
      }
      columns = ((List<?>) rows.getFirst()).stream().map(String::valueOf).toList();
    }
    List<List<Object>> cells = new ArrayList<>();
    for (int i : items) {
      cells.add(row(ctx.input().get(i), columns));
    }
    URI uri =
        URI.create(
            values
                + GoogleApi.segment(p.range())
                + ":append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS");
    GoogleApi.call(
        ctx,
        "Google Sheets",
        first,
        "POST",
        uri,
        Map.of("majorDimension", "ROWS", "values", cells));
    for (int i : items) {
      out.add(ctx.input().get(i));
    }
  }

  private static List<Object> row(Item item, List<String> columns) {
    List<Object> row = new ArrayList<>();
    for (String column : columns) {
      Object value = item.json().get(column);
      if (value instanceof Map<?, ?> || value instanceof List<?>) {
        try {
          value = JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          value = String.valueOf(value);
        }
      }
      row.add(value == null ? "" : value);
    }
    return row;
  }

  private static List<?> rows(Map<String, Object> answer) {
    return answer.get("values") instanceof List<?> rows ? rows : List.of();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

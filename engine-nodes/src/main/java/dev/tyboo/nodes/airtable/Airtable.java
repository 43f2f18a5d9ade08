package dev.tyboo.nodes.airtable;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.nodes.internal.ApiCall;
import dev.tyboo.workflow.NodeDefinition;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Airtable records over the Web API (JSON type {@code airtable}) with an {@code airtableApi}
 * credential ({@code accessToken}: a personal access token; {@code baseUrl}, {@code
 * https://api.airtable.com} by default). The table is {@code baseId} ({@code app...}) and {@code
 * table} (its name or id).
 *
 * <ul>
 *   <li>{@code list}: the records matching {@code filterByFormula} in {@code view}, every page
 *       ({@code offset}), at most {@code maxRecords}; one item {@code {id, createdTime, fields}}
 *       per record;
 *   <li>{@code create}: each item's {@code fields} (by default its whole JSON) as a record, ten per
 *       request as Airtable allows; with {@code mergeOn} (field names) an upsert instead: a record
 *       whose fields match is updated, so a node re-run after a crash creates nothing twice;
 *   <li>{@code update}: the record {@code recordId} of each item gets its {@code fields} (others
 *       unchanged), ten per request;
 *   <li>{@code delete}: the records {@code recordId}, ten per request; emits {@code {id, deleted}}.
 * </ul>
 *
 * <p>{@code typecast} lets Airtable convert text to the fields' types. A refused token fails
 * without retry; 429 (five requests a second per base) retries after the 30 seconds Airtable asks
 * for; Airtable's {@code error.message} is quoted.
 */
public final class Airtable {

  /** The JSON type name. */
  public static final String TYPE = "airtable";

  /** Records per request, as Airtable allows. */
  static final int BATCH = 10;

  private static final Pattern BASE = Pattern.compile("app[A-Za-z0-9]{14}");
  private static final Pattern RECORD = Pattern.compile("rec[A-Za-z0-9]{14}");

  /** What the node does. */
  enum Operation {
    list,
    create,
    update,
    delete
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param baseId the base, {@code app...}
   * @param table the table's name or id
   * @param fields a record's field values; by default the item's JSON
   * @param recordId the record updated or deleted
   * @param mergeOn the fields that identify a record for an upsert
   * @param typecast whether Airtable converts values to the fields' types
   * @param filterByFormula a listing's filter, an Airtable formula
   * @param view a listing's view
   * @param maxRecords the most records a listing emits
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String baseId,
      @Param(required = true) String table,
      Map<String, Object> fields,
      @RequiredWhen(
              parameter = "operation",
              is = {"update", "delete"})
          String recordId,
      List<String> mergeOn,
      @Param(defaultValue = "false") boolean typecast,
      String filterByFormula,
      String view,
      @Param(defaultValue = "1000") int maxRecords) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Airtable")
              .description("Lists, creates (or upserts), updates and deletes Airtable records")
              .credentialType("airtableApi")
              .parameters(Parameters.class)
              .build(),
          Airtable::execute);

  private Airtable() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that creates a record per item from its JSON}
   *
   * @param baseId the base
   * @param table the table
   */
  public static NodeDefinition create(String baseId, String table) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "create",
            "baseId", Objects.requireNonNull(baseId, "baseId"),
            "table", Objects.requireNonNull(table, "table")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    Map<String, Object> credential = ctx.credential("airtableApi");
    if (!(credential.get("accessToken") instanceof String token) || token.isBlank()) {
      throw NodeFailure.of("airtableApi credential needs an 'accessToken'");
    }
    String base = String.valueOf(credential.getOrDefault("baseUrl", "https://api.airtable.com"));
    Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>();
    // writes go ten at a time to the same table with the same options, in item order
    List<Integer> batch = new ArrayList<>();
    Parameters batchParameters = null;
    String batchUrl = null;
    for (int i = 0; i < input.size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      String url = base + "/v0/" + baseId(p.baseId(), i) + "/" + segment(p.table(), i);
      if (p.operation() == Operation.list) {
        list(url, headers, p, i, out);
        continue;
      }
      if (!batch.isEmpty()
          && (batch.size() == BATCH || !url.equals(batchUrl) || !sameWrite(p, batchParameters))) {
        write(ctx, batchUrl, headers, batchParameters, batch, out);
        batch.clear();
      }
      batch.add(i);
      batchParameters = p;
      batchUrl = url;
    }
    if (!batch.isEmpty()) {
      write(ctx, batchUrl, headers, batchParameters, batch, out);
    }
    return NodeResult.of(out);
  }

  private static boolean sameWrite(Parameters a, Parameters b) {
    return a.operation() == b.operation()
        && a.typecast() == b.typecast()
        && Objects.equals(a.mergeOn(), b.mergeOn());
  }

  private static void write(
      NodeContext ctx,
      String url,
      Map<String, String> headers,
      Parameters p,
      List<Integer> items,
      List<Item> out)
      throws InterruptedException {
    int first = items.getFirst();
    if (p.operation() == Operation.delete) {
      StringBuilder query = new StringBuilder();
      for (int i : items) {
        query.append(query.isEmpty() ? "?" : "&").append("records%5B%5D=");
        query.append(recordId(ctx.parameters(i, Parameters.class).recordId(), i));
      }
      Map<String, Object> answer =
          call(() ->
                  ApiCall.call(
                      "Airtable", "DELETE", URI.create(url + query), headers, Map.of(), first))
              .json();
      records(answer).forEach(r -> out.add(Item.of(r)));
      return;
    }
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i : items) {
      Parameters item = ctx.parameters(i, Parameters.class);
      Map<String, Object> record = new LinkedHashMap<>();
      if (p.operation() == Operation.update) {
        record.put("id", recordId(item.recordId(), i));
      }
      record.put("fields", item.fields() != null ? item.fields() : ctx.input().get(i).json());
      records.add(record);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("records", records);
    body.put("typecast", p.typecast());
    String method = "POST";
    if (p.operation() == Operation.update) {
      method = "PATCH";
    } else if (p.mergeOn() != null && !p.mergeOn().isEmpty()) {
      method = "PATCH";
      body.put("performUpsert", Map.of("fieldsToMergeOn", p.mergeOn()));
    }
    String m = method;
    Map<String, Object> answer =
        call(() -> ApiCall.call("Airtable", m, URI.create(url), headers, body, first)).json();
    records(answer).forEach(r -> out.add(Item.of(r)));
  }

  private static void list(
      String url, Map<String, String> headers, Parameters p, int i, List<Item> out)
      throws InterruptedException {
    StringBuilder query = new StringBuilder("?pageSize=100");
    if (p.filterByFormula() != null) {
      query.append("&filterByFormula=").append(encode(p.filterByFormula()));
    }
    if (p.view() != null) {
      query.append("&view=").append(encode(p.view()));
    }
    String offset = null;
    int taken = 0;
    do {
      URI uri = URI.create(url + query + (offset == null ? "" : "&offset=" + encode(offset)));
      Map<String, Object> page = call(() -> ApiCall.get("Airtable", uri, headers, i)).json();
      List<Map<String, Object>> records = records(page);
      for (Map<String, Object> r : records) {
        if (taken < p.maxRecords()) {
          out.add(Item.of(r));
          taken++;
        }
      }
      offset = page.get("offset") instanceof String o && !records.isEmpty() ? o : null;
    } while (offset != null && taken < p.maxRecords());
  }

  /** A call whose 429 waits the 30 seconds Airtable asks for when it names no wait. */
  private static ApiCall.Answer call(Call call) throws InterruptedException {
    try {
      return call.send();
    } catch (RetryableNodeException e) {
      if (e.detail().contains("HTTP 429") && e.retryAfter().isEmpty()) {
        throw new RetryableNodeException(e.detail(), e.itemIndex(), Duration.ofSeconds(30), e);
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface Call {
    ApiCall.Answer send() throws InterruptedException;
  }

  private static List<Map<String, Object>> records(Map<String, Object> answer) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (answer.get("records") instanceof List<?> records) {
      for (Object r : records) {
        if (r instanceof Map<?, ?> m) {
          Map<String, Object> json = new LinkedHashMap<>();
          m.forEach((k, v) -> json.put(String.valueOf(k), v));
          out.add(json);
        }
      }
    }
    return out;
  }

  private static String baseId(String value, int item) {
    if (value == null || !BASE.matcher(value).matches()) {
      throw NodeFailure.badParameter("baseId", item, "must be an Airtable base id (app...)", value);
    }
    return value;
  }

  private static String recordId(String value, int item) {
    if (value == null || !RECORD.matcher(value).matches()) {
      throw NodeFailure.badParameter(
          "recordId", item, "must be an Airtable record id (rec...)", value);
    }
    return value;
  }

  private static String segment(String table, int item) {
    if (table == null || table.isBlank()) {
      throw new NonRetryableNodeException("parameter 'table' must not be empty", item, null);
    }
    return encode(table).replace("+", "%20");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

package dev.tyboo.nodes.notion;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Notion pages and databases over the Notion API, version {@code 2022-06-28} (JSON type {@code
 * notion}), with a {@code notionApi} credential ({@code accessToken}: an integration token; {@code
 * baseUrl}, {@code https://api.notion.com} by default):
 *
 * <ul>
 *   <li>{@code createPage}: a page in the database {@code databaseId} with {@code properties} (in
 *       Notion's property-value format) and, with {@code content}, paragraphs of text (one per
 *       line);
 *   <li>{@code getPage}, {@code updatePage} (its {@code properties}; {@code archived} to move it to
 *       the trash or back);
 *   <li>{@code queryDatabase}: the pages of {@code databaseId} matching {@code filter} and {@code
 *       sorts} (Notion's format), every page of results ({@code next_cursor}), at most {@code
 *       maxPages}.
 * </ul>
 *
 * <p>With {@code simplify} (default) a page is emitted as {@code {id, url, createdTime,
 * lastEditedTime, archived, properties}} where each property is a plain value: text for title and
 * rich text, the name of a select or status, names of a multi-select, a date's start, the number,
 * checkbox, URL, email, phone; else the page as Notion returns it. A refused token fails without
 * retry; 429 retries after Notion's {@code Retry-After}; Notion's {@code message} is quoted.
 */
public final class Notion {

  /** The JSON type name. */
  public static final String TYPE = "notion";

  private static final Pattern ID =
      Pattern.compile("[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}");

  /** What the node does. */
  enum Operation {
    createPage,
    getPage,
    updatePage,
    queryDatabase
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param databaseId the database a page is made in or queried
   * @param pageId the page read or updated
   * @param properties property values, in Notion's format
   * @param content text added to a new page, one paragraph per line
   * @param archived whether an update archives the page (or restores it)
   * @param filter a query's filter, in Notion's format
   * @param sorts a query's sorts, in Notion's format
   * @param maxPages the most pages a query emits
   * @param simplify whether pages are emitted with plain property values
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @RequiredWhen(
              parameter = "operation",
              is = {"createPage", "queryDatabase"})
          String databaseId,
      @RequiredWhen(
              parameter = "operation",
              is = {"getPage", "updatePage"})
          String pageId,
      Map<String, Object> properties,
      String content,
      Boolean archived,
      Map<String, Object> filter,
      List<Object> sorts,
      @Param(defaultValue = "1000") int maxPages,
      @Param(defaultValue = "true") boolean simplify) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Notion")
              .description("Creates, reads, updates and queries Notion pages and databases")
              .credentialType("notionApi")
              .parameters(Parameters.class)
              .build(),
          Notion::execute);

  private Notion() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that queries a database, every page of results}
   *
   * @param databaseId the database
   */
  public static NodeDefinition queryDatabase(String databaseId) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation",
            "queryDatabase",
            "databaseId",
            Objects.requireNonNull(databaseId, "databaseId")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    Map<String, Object> credential = ctx.credential("notionApi");
    if (!(credential.get("accessToken") instanceof String token) || token.isBlank()) {
      throw NodeFailure.of("notionApi credential needs an 'accessToken'");
    }
    String base = String.valueOf(credential.getOrDefault("baseUrl", "https://api.notion.com"));
    Map<String, String> headers =
        Map.of("Authorization", "Bearer " + token, "Notion-Version", "2022-06-28");
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      switch (p.operation()) {
        case createPage -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("parent", Map.of("database_id", id("databaseId", p.databaseId(), i)));
          body.put("properties", p.properties() == null ? Map.of() : p.properties());
          if (p.content() != null) {
            List<Object> children = new ArrayList<>();
            for (String line : p.content().split("\n")) {
              children.add(
                  Map.of(
                      "object", "block",
                      "type", "paragraph",
                      "paragraph",
                          Map.of(
                              "rich_text",
                              List.of(Map.of("type", "text", "text", Map.of("content", line))))));
            }
            body.put("children", children);
          }
          out.add(
              page(
                  ApiCall.post("Notion", URI.create(base + "/v1/pages"), headers, body, i).json(),
                  p));
        }
        case getPage -> {
          URI uri = URI.create(base + "/v1/pages/" + id("pageId", p.pageId(), i));
          out.add(page(ApiCall.get("Notion", uri, headers, i).json(), p));
        }
        case updatePage -> {
          Map<String, Object> body = new LinkedHashMap<>();
          if (p.properties() != null) {
            body.put("properties", p.properties());
          }
          if (p.archived() != null) {
            body.put("archived", p.archived());
          }
          URI uri = URI.create(base + "/v1/pages/" + id("pageId", p.pageId(), i));
          out.add(page(ApiCall.call("Notion", "PATCH", uri, headers, body, i).json(), p));
        }
        case queryDatabase -> query(base, headers, p, i, out);
      }
    }
    return NodeResult.of(out);
  }

  private static void query(
      String base, Map<String, String> headers, Parameters p, int i, List<Item> out)
      throws InterruptedException {
    URI uri = URI.create(base + "/v1/databases/" + id("databaseId", p.databaseId(), i) + "/query");
    String cursor = null;
    int taken = 0;
    do {
      Map<String, Object> body = new LinkedHashMap<>();
      if (p.filter() != null) {
        body.put("filter", p.filter());
      }
      if (p.sorts() != null) {
        body.put("sorts", p.sorts());
      }
      body.put("page_size", Math.min(100, p.maxPages() - taken));
      if (cursor != null) {
        body.put("start_cursor", cursor);
      }
      Map<String, Object> answer = ApiCall.post("Notion", uri, headers, body, i).json();
      List<?> results = answer.get("results") instanceof List<?> l ? l : List.of();
      for (Object r : results) {
        if (taken < p.maxPages() && r instanceof Map<?, ?> m) {
          out.add(page(copy(m), p));
          taken++;
        }
      }
      cursor =
          Boolean.TRUE.equals(answer.get("has_more"))
                  && answer.get("next_cursor") instanceof String c
              ? c
              : null;
    } while (cursor != null && taken < p.maxPages());
  }

  private static Item page(Map<String, Object> page, Parameters p) {
    if (!p.simplify()) {
      return Item.of(page);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", page.get("id"));
    json.put("url", page.get("url"));
    json.put("createdTime", page.get("created_time"));
    json.put("lastEditedTime", page.get("last_edited_time"));
    json.put("archived", page.get("archived"));
    Map<String, Object> properties = new LinkedHashMap<>();
    if (page.get("properties") instanceof Map<?, ?> props) {
      props.forEach((name, value) -> properties.put(String.valueOf(name), plain(value)));
    }
    json.put("properties", properties);
    return Item.of(json);
  }

  /** A property value as a plain value. */
  static Object plain(Object property) {
    if (!(property instanceof Map<?, ?> p) || !(p.get("type") instanceof String type)) {
      return property;
    }
    Object value = p.get(type);
    return switch (type) {
      case "title", "rich_text" -> text(value);
      case "select", "status" -> value instanceof Map<?, ?> s ? s.get("name") : null;
      case "multi_select" ->
          value instanceof List<?> l
              ? l.stream().map(o -> o instanceof Map<?, ?> s ? s.get("name") : null).toList()
              : List.of();
      case "date" -> value instanceof Map<?, ?> d ? d.get("start") : null;
      case "people" ->
          value instanceof List<?> l
              ? l.stream().map(o -> o instanceof Map<?, ?> u ? u.get("id") : null).toList()
              : List.of();
      case "relation" ->
          value instanceof List<?> l
              ? l.stream().map(o -> o instanceof Map<?, ?> r ? r.get("id") : null).toList()
              : List.of();
      case "formula" ->
          value instanceof Map<?, ?> f && f.get("type") instanceof String t ? f.get(t) : null;
      default -> value; // number, checkbox, url, email, phone_number, created_time, ...
    };
  }

  private static String text(Object richText) {
    StringBuilder b = new StringBuilder();
    if (richText instanceof List<?> parts) {
      for (Object part : parts) {
        if (part instanceof Map<?, ?> m && m.get("plain_text") instanceof String t) {
          b.append(t);
        }
      }
    }
    return b.toString();
  }

  private static String id(String field, String value, int item) {
    if (value == null || !ID.matcher(value).matches()) {
      throw NodeFailure.badParameter(field, item, "must be a Notion id (32 hex digits)", value);
    }
    return value;
  }

  private static Map<String, Object> copy(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}

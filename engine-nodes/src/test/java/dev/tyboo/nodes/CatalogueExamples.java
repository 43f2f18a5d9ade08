package dev.tyboo.nodes;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tyboo.node.Item;
import dev.tyboo.testkit.node.NodeExample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Examples of catalogue nodes that the golden fixtures do not show, for the node contract. Nodes
 * about a server (HTTP Request, the webhook nodes) are shown failing or answering without one;
 * their behaviour against a real server is in their own tests.
 */
final class CatalogueExamples {

  private CatalogueExamples() {}

  /**
   * An example of a node type.
   *
   * @param type the node type's name
   * @param example the example
   */
  record Typed(String type, NodeExample example) {}

  private static final List<Item> ORDERS =
      Item.listOf(Map.of("id", 1, "total", 20), Map.of("id", 2, "total", 5));

  private static final Map<String, Object> POSTGRES =
      Map.of(
          "host", System.getenv().getOrDefault("TYBOO_TEST_POSTGRES_HOST", "127.0.0.1"),
          "database", "test",
          "user", "postgres",
          "password", "");
  private static final Map<String, Object> MARIADB =
      Map.of(
          "host", System.getenv().getOrDefault("TYBOO_TEST_MARIADB_HOST", "127.0.0.1"),
          "database", "test",
          "user", "root",
          "password", "");

  /** The SQL nodes' examples, on the real databases: a query, a paged select, a failing upsert. */
  private static List<Typed> sql(String type, Map<String, Object> credential) {
    return List.of(
        new Typed(
            type,
            NodeExample.of(
                    "runs a query with parameters",
                    Map.of(
                        "operation", "executeQuery",
                        "query", "SELECT ? + 1 AS next",
                        "queryParameters", List.of("{{ $json.id }}")))
                .credential(type, credential)
                .input(Item.listOf(Map.of("id", 41)))),
        new Typed(
            type,
            NodeExample.of(
                    "selects a page of a system table",
                    Map.of(
                        "operation",
                        "select",
                        "table",
                        "information_schema.tables",
                        "columns",
                        List.of("table_name"),
                        "where",
                        Map.of("table_schema", "information_schema"),
                        "orderBy",
                        List.of("table_name desc"),
                        "limit",
                        2,
                        "offset",
                        1,
                        "timeout",
                        "PT10S"))
                .credential(type, credential)
                .input(Item.listOf(Map.of()))),
        new Typed(
            type,
            NodeExample.of(
                    "upserts into a table that does not exist: a typed failure",
                    Map.of(
                        "operation", "upsert",
                        "table", "tyboo_contract_no_such_table",
                        "keyColumns", List.of("id")))
                .credential(type, credential)
                .input(Item.listOf(Map.of("id", 1, "name", "a")))));
  }

  /** Nothing listens on the discard port: the chat nodes fail as a service that is down. */
  private static final String DOWN = "http://127.0.0.1:9";

  /**
   * The chat nodes' examples, failing typed against a service that is down (ChatNodesTest has the
   * rest).
   */
  private static List<Typed> chat() {
    Map<String, Object> slack = Map.of("accessToken", "xoxb-example", "baseUrl", DOWN + "/api");
    return List.of(
        new Typed(
            "slack",
            NodeExample.of(
                    "replies in a thread",
                    Map.of(
                        "operation", "postMessage",
                        "channel", "C1",
                        "text", "order {{ $json.id }}",
                        "threadTs", "1503435956.000247"))
                .credential("slackApi", slack)
                .input(ORDERS)),
        new Typed(
            "slack",
            NodeExample.of(
                    "updates a message",
                    Map.of("operation", "updateMessage", "channel", "C1", "text", "x", "ts", "1.2"))
                .credential("slackApi", slack)
                .input(ORDERS)),
        new Typed(
            "slack",
            NodeExample.of("lists channels", Map.of("operation", "listChannels", "maxChannels", 10))
                .credential("slackApi", slack)
                .input(ORDERS)),
        new Typed(
            "slack",
            NodeExample.of(
                    "uploads a missing attachment: a typed error",
                    Map.of(
                        "operation", "uploadFile",
                        "channel", "C1",
                        "binaryProperty", "report",
                        "title", "Q4"))
                .credential("slackApi", slack)
                .input(ORDERS)),
        new Typed(
            "discord",
            NodeExample.of("posts as a bot", Map.of("content", "hi", "channelId", "1234"))
                .credential("discordBotApi", Map.of("accessToken", "b", "baseUrl", DOWN))
                .input(ORDERS)),
        new Typed(
            "discord",
            NodeExample.of("sends as another name", Map.of("content", "hi", "username", "Shop"))
                .credential("discordWebhook", Map.of("url", DOWN + "/api/webhooks/1/x"))
                .input(ORDERS)),
        new Typed(
            "telegram",
            NodeExample.of(
                    "sends HTML silently",
                    Map.of(
                        "chatId", "42", "text", "<b>hi</b>", "parseMode", "HTML", "silent", true))
                .credential("telegramApi", Map.of("accessToken", "1:A", "baseUrl", DOWN))
                .input(ORDERS)),
        new Typed(
            "slackTrigger",
            NodeExample.of(
                    "mentions of the app",
                    Map.of(
                        "path", "slack/events",
                        "secret", "slack-signing",
                        "events", List.of("app_mention")))
                .input(ORDERS)),
        new Typed(
            "telegramTrigger",
            NodeExample.of(
                    "messages only",
                    Map.of(
                        "path", "telegram/updates",
                        "secret", "telegram-token",
                        "updates", List.of("message")))
                .input(ORDERS)),
        new Typed(
            "githubTrigger",
            NodeExample.of(
                    "issue events",
                    Map.of(
                        "path", "github/events",
                        "secret", "github-hook",
                        "events", List.of("issues", "issue_comment")))
                .input(ORDERS)));
  }

  /**
   * Notion and Airtable failing typed against a service that is down (NotionTest, AirtableTest).
   */
  private static List<Typed> notesAndTables() {
    Map<String, Object> query = new java.util.LinkedHashMap<>();
    query.put("operation", "queryDatabase");
    query.put("databaseId", "d9824bdc84454327be8b5b47500af6ce");
    query.put("filter", Map.of("property", "Done", "checkbox", Map.of("equals", false)));
    query.put("sorts", List.of(Map.of("property", "Due", "direction", "ascending")));
    query.put("maxPages", 10);
    query.put("simplify", false);
    Map<String, Object> upsert = new java.util.LinkedHashMap<>();
    upsert.put("operation", "create");
    upsert.put("baseId", "appY3WxIBCdKPDdIa");
    upsert.put("table", "Orders");
    upsert.put("fields", Map.of("Id", "{{ $json.id }}", "Total", "{{ $json.total }}"));
    upsert.put("mergeOn", List.of("Id"));
    upsert.put("typecast", true);
    Map<String, Object> list = new java.util.LinkedHashMap<>();
    list.put("operation", "list");
    list.put("baseId", "appY3WxIBCdKPDdIa");
    list.put("table", "Orders");
    list.put("filterByFormula", "{Total} > 10");
    list.put("view", "Grid view");
    list.put("maxRecords", 50);
    list.put("recordId", "rec560UJdUtocSouk");
    return List.of(
        new Typed(
            "notion",
            NodeExample.of("queries a database, raw pages", query)
                .credential("notionApi", Map.of("accessToken", "secret_x", "baseUrl", DOWN))
                .input(ORDERS)),
        new Typed(
            "notion",
            NodeExample.of(
                    "makes a page with text",
                    Map.of(
                        "operation", "createPage",
                        "databaseId", "d9824bdc84454327be8b5b47500af6ce",
                        "properties",
                            Map.of(
                                "Name",
                                Map.of(
                                    "title",
                                    List.of(Map.of("text", Map.of("content", "{{ $json.id }}"))))),
                        "content", "total {{ $json.total }}"))
                .credential("notionApi", Map.of("accessToken", "secret_x", "baseUrl", DOWN))
                .input(ORDERS)),
        new Typed(
            "notion",
            NodeExample.of(
                    "archives a page",
                    Map.of(
                        "operation", "updatePage",
                        "pageId", "b55c9c91-384d-452b-81db-d1ef79372b75",
                        "archived", true))
                .credential("notionApi", Map.of("accessToken", "secret_x", "baseUrl", DOWN))
                .input(ORDERS)),
        new Typed(
            "airtable",
            NodeExample.of("upserts a record per item", upsert)
                .credential("airtableApi", Map.of("accessToken", "pat.x", "baseUrl", DOWN))
                .input(ORDERS)),
        new Typed(
            "airtable",
            NodeExample.of("lists a view's records", list)
                .credential("airtableApi", Map.of("accessToken", "pat.x", "baseUrl", DOWN))
                .input(ORDERS)));
  }

  /**
   * The Google and Microsoft nodes' examples, failing typed against services that are down
   * (GoogleNodesTest, MicrosoftNodesTest).
   */
  private static List<Typed> workspaces() {
    Map<String, Object> google =
        Map.of("clientId", "c", "accessToken", "ya29.x", "tokenUrl", DOWN, "baseUrl", DOWN);
    Map<String, Object> microsoft =
        Map.of("clientId", "c", "accessToken", "eyJ.x", "tenant", "contoso", "baseUrl", DOWN);
    return List.of(
        new Typed(
            "googleSheets",
            NodeExample.of(
                    "reads rows without a header",
                    Map.of(
                        "operation", "readRows",
                        "spreadsheetId", "sheet1",
                        "range", "Orders!A1:C",
                        "firstRowIsHeader", false))
                .credential("googleOAuth2Api", google)
                .input(ORDERS)),
        new Typed(
            "googleSheets",
            NodeExample.of(
                    "updates a row's cells",
                    Map.of(
                        "operation", "updateRows",
                        "spreadsheetId", "sheet1",
                        "range", "Orders!A{{ $json.id }}",
                        "columns", List.of("id", "total")))
                .credential("googleOAuth2Api", google)
                .input(ORDERS)),
        new Typed(
            "googleDrive",
            NodeExample.of(
                    "lists files a query matches",
                    Map.of(
                        "operation", "list",
                        "query", "name contains 'invoice'",
                        "maxFiles", 10,
                        "binaryProperty", "file"))
                .credential("googleOAuth2Api", google)
                .input(ORDERS)),
        new Typed(
            "googleDrive",
            NodeExample.of(
                    "downloads a file",
                    Map.of(
                        "operation", "download", "fileId", "1Fil3", "name", "x", "folderId", "f"))
                .credential("googleOAuth2Api", google)
                .input(ORDERS)),
        new Typed(
            "gmail",
            NodeExample.of(
                    "sends text and HTML with copies",
                    Map.of(
                        "to", "ada@example.com",
                        "cc", "bob@example.com",
                        "bcc", "audit@example.com",
                        "subject", "Order {{ $json.id }}",
                        "text", "total {{ $json.total }}",
                        "html", "<b>{{ $json.total }}</b>"))
                .credential("googleOAuth2Api", google)
                .input(ORDERS)),
        new Typed(
            "microsoftOutlook",
            NodeExample.of(
                    "sends HTML mail without keeping a copy",
                    Map.of(
                        "to", "ada@contoso.com",
                        "cc", "bob@contoso.com",
                        "bcc", "audit@contoso.com",
                        "subject", "Order {{ $json.id }}",
                        "body", "<b>{{ $json.total }}</b>",
                        "bodyType", "html",
                        "saveToSentItems", false))
                .credential("microsoftOAuth2Api", microsoft)
                .input(ORDERS)),
        new Typed(
            "microsoftOneDrive",
            NodeExample.of(
                    "lists a folder",
                    Map.of(
                        "operation", "list",
                        "path", "Invoices",
                        "maxFiles", 10,
                        "binaryProperty", "file"))
                .credential("microsoftOAuth2Api", microsoft)
                .input(ORDERS)),
        new Typed(
            "microsoftExcel",
            NodeExample.of(
                    "reads a table's rows",
                    Map.of(
                        "operation", "readRows",
                        "path", "Reports/orders.xlsx",
                        "table", "Orders",
                        "maxRows", 100))
                .credential("microsoftOAuth2Api", microsoft)
                .input(ORDERS)));
  }

  /**
   * RSS Read failing against a server that is down; Read/Write Files on a glob matching nothing.
   */
  private static List<Typed> feedsAndFiles() {
    return List.of(
        new Typed(
            "rssRead",
            NodeExample.of(
                    "the first ten entries of a feed",
                    Map.of("url", DOWN + "/feed.xml", "maxItems", 10, "maxBytes", 1_000_000))
                .input(ORDERS)),
        new Typed(
            "readWriteFiles",
            NodeExample.of(
                    "reads the files a glob matches (none here)",
                    Map.of(
                        "operation", "read",
                        "path", "tyboo-catalogue-none-*/*.bin",
                        "binaryProperty", "file",
                        "writeMode", "createNew",
                        "maxFiles", 5))
                .credential(
                    "localFiles", Map.of("baseDirectory", System.getProperty("java.io.tmpdir")))
                .input(ORDERS)));
  }

  /** The GitHub node's examples, failing typed against a service that is down (GitHubTest). */
  private static List<Typed> github() {
    Map<String, Object> github = Map.of("accessToken", "ghp_example", "baseUrl", DOWN);
    Map<String, Object> list = new java.util.LinkedHashMap<>();
    list.put("operation", "listIssues");
    list.put("owner", "octocat");
    list.put("repo", "Hello-World");
    list.put("state", "all");
    list.put("labels", List.of("bug"));
    list.put("maxIssues", 50);
    return List.of(
        new Typed(
            "github",
            NodeExample.of("lists labelled issues", list)
                .credential("githubApi", github)
                .input(ORDERS)),
        new Typed(
            "github",
            NodeExample.of(
                    "closes an issue with a new title and body",
                    Map.of(
                        "operation", "updateIssue",
                        "owner", "octocat",
                        "repo", "Hello-World",
                        "issueNumber", "{{ $json.id }}",
                        "title", "done",
                        "body", "closed by the workflow",
                        "state", "closed"))
                .credential("githubApi", github)
                .input(ORDERS)));
  }

  static List<Typed> extra() {
    List<Typed> all = new java.util.ArrayList<>(sql("postgres", POSTGRES));
    all.addAll(chat());
    all.addAll(github());
    all.addAll(feedsAndFiles());
    all.addAll(workspaces());
    all.addAll(notesAndTables());
    all.addAll(sql("mysql", MARIADB));
    all.addAll(others());
    return all;
  }

  private static List<Typed> others() {
    return List.of(
        new Typed("scheduleTrigger", NodeExample.of("every 15 minutes", Map.of("every", "PT15M"))),
        new Typed(
            "webhook",
            NodeExample.of(
                    "a POST with a header token, answered with all items",
                    Map.of(
                        "path", "orders",
                        "method", "POST",
                        "responseMode", "lastNode",
                        "responseCode", 201,
                        "responseData", "allItems",
                        "authentication", "headerToken",
                        "secret", "orders-token",
                        "headerName", "X-Token",
                        "binaryProperty", "upload"))
                .input(ORDERS)),
        new Typed(
            "respondToWebhook",
            NodeExample.of(
                    "answers JSON with headers",
                    Map.of(
                        "respondWith",
                        "json",
                        "responseBody",
                        Map.of("ok", true),
                        "responseCode",
                        202,
                        "responseHeaders",
                        Map.of("X-Trace", "t1")))
                .input(ORDERS)),
        new Typed(
            "switch",
            NodeExample.of(
                    "every matching rule",
                    Map.of(
                        "rules",
                        List.of(
                            Map.of("output", "big", "condition", "{{ $json.total > 10 }}"),
                            Map.of("output", "any", "condition", "{{ true }}")),
                        "allMatchingOutputs",
                        true))
                .input(ORDERS)),
        new Typed(
            "editFields",
            NodeExample.of(
                    "keeps only what it sets",
                    Map.of("set", Map.of("total", "{{ $json.total }}"), "keepOnlySet", true))
                .input(ORDERS)
                .expect("main", Item.listOf(Map.of("total", 20), Map.of("total", 5)))),
        new Typed(
            "merge",
            NodeExample.of("chooses input 2", Map.of("mode", "chooseBranch", "output", "input2"))
                .input("input1", ORDERS)
                .input("input2", Item.listOf(Map.of("id", 3)))
                .expect("main", Item.listOf(Map.of("id", 3)))),
        new Typed(
            "crypto",
            NodeExample.of(
                    "hashes with SHA-512 into base64",
                    Map.of(
                        "action", "hash",
                        "value", "{{ $json.id }}",
                        "algorithm", "SHA-512",
                        "encoding", "base64"))
                .input(ORDERS)),
        new Typed(
            "csv",
            NodeExample.of(
                    "writes items as a semicolon CSV file",
                    Map.of(
                        "action",
                        "fromItems",
                        "delimiter",
                        ";",
                        "header",
                        true,
                        "fileName",
                        "orders.csv",
                        "binaryProperty",
                        "csv"))
                .input(ORDERS)),
        new Typed(
            "csv",
            NodeExample.of("reads a CSV file", Map.of("action", "toItems"))
                .input(Item.listOf(Map.of()))
                .file(0, "data", "o.csv", "text/csv", "id,total\n1,20\n".getBytes(UTF_8))
                .expect("main", Item.listOf(Map.of("id", "1", "total", "20")))),
        new Typed(
            "gzip",
            NodeExample.of(
                    "decompresses a file", Map.of("action", "decompress", "binaryProperty", "gz"))
                .input(Item.listOf(Map.of()))
                .file(0, "gz", "a.txt.gz", "application/gzip", gzip("hello"))),
        new Typed(
            "gzip",
            NodeExample.of("compresses a file", Map.of("action", "compress"))
                .input(Item.listOf(Map.of()))
                .file(0, "data", "a.txt", "text/plain", "hello".getBytes(UTF_8))),
        new Typed(
            "jsonFile",
            NodeExample.of(
                    "writes items as a JSON file",
                    Map.of(
                        "action", "fromItems", "fileName", "orders.json", "binaryProperty", "json"))
                .input(ORDERS)),
        new Typed(
            "jsonFile",
            NodeExample.of("reads a JSON file", Map.of("action", "toItems"))
                .input(Item.listOf(Map.of()))
                .file(0, "data", "o.json", "application/json", "[{\"id\": 1}]".getBytes(UTF_8))
                .expect("main", Item.listOf(Map.of("id", 1)))),
        new Typed(
            "xml",
            NodeExample.of(
                    "writes items as an XML file",
                    Map.of(
                        "action", "fromItems",
                        "rootName", "orders",
                        "itemName", "order",
                        "fileName", "orders.xml",
                        "binaryProperty", "xml"))
                .input(ORDERS)),
        new Typed(
            "htmlExtract",
            NodeExample.of(
                    "reads the title of an attached page",
                    Map.of(
                        "source",
                        "attachment",
                        "property",
                        "page",
                        "extract",
                        List.of(Map.of("key", "title", "selector", "h1")),
                        "maxBytes",
                        4096))
                .input(Item.listOf(Map.of()))
                .file(0, "page", "p.html", "text/html", "<h1>Hi</h1>".getBytes(UTF_8))
                .expect("main", Item.listOf(Map.of("title", "Hi")))),
        new Typed(
            "zip",
            NodeExample.of(
                    "zips the chosen attachments",
                    Map.of(
                        "action", "compress",
                        "binaryProperties", List.of("data"),
                        "destination", "archive",
                        "fileName", "all.zip"))
                .input(Item.listOf(Map.of()))
                .file(0, "data", "a.txt", "text/plain", "hello".getBytes(UTF_8))),
        new Typed(
            "zip",
            NodeExample.of(
                    "unzips within limits",
                    Map.of(
                        "action",
                        "decompress",
                        "binaryProperty",
                        "data",
                        "maxEntries",
                        10,
                        "maxUncompressedBytes",
                        1024))
                .input(Item.listOf(Map.of()))
                .file(0, "data", "a.zip", "application/zip", zip("a.txt", "hello"))),
        new Typed(
            "httpRequest",
            NodeExample.of(
                    "a POST to a closed port fails retryably",
                    Map.ofEntries(
                        Map.entry("method", "POST"),
                        Map.entry("url", "http://127.0.0.1:9/orders"),
                        Map.entry("query", Map.of("page", "1")),
                        Map.entry("headers", Map.of("X-Trace", "t1")),
                        Map.entry("body", Map.of("id", "{{ $json.id }}")),
                        Map.entry("bodyType", "json"),
                        Map.entry("authentication", "none"),
                        Map.entry("responseFormat", "json"),
                        Map.entry("binaryProperty", "data"),
                        Map.entry("fullResponse", true),
                        Map.entry("timeoutMillis", 2000),
                        Map.entry("blockPrivateNetworks", false),
                        Map.entry("idempotencyKey", true)))
                .input(ORDERS)),
        new Typed(
            "httpRequest",
            NodeExample.of(
                    "pages through a closed port: fails retryably",
                    Map.of(
                        "url",
                        "http://127.0.0.1:9/orders",
                        "pagination",
                        Map.of("mode", "linkHeader", "maxPages", 2),
                        "timeoutMillis",
                        2000))
                .input(ORDERS)),
        new Typed(
            "code",
            NodeExample.of(
                    "JavaScript over all items, capped",
                    Map.of(
                        "language", "javaScript",
                        "code", "return items.map(i => ({json: {n: i.json.id}}));",
                        "maxItems", 10))
                .input(ORDERS)));
  }

  /** Parameters no example sets, with the reason, by node type. */
  static Map<String, String> notExercised(String type) {
    return Map.of();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] zip(String name, String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(text.getBytes(UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

package dev.tyboo.nodes.notion;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Notion node against WireMock checking the Notion API's documented requests. */
@SuppressWarnings("unchecked")
class NotionTest {

  private static final String DB = "d9824bdc84454327be8b5b47500af6ce";
  private static final String PAGE = "b55c9c91-384d-452b-81db-d1ef79372b75";
  private static final String PAGE_JSON =
      """
      {"object": "page", "id": "%s", "url": "https://www.notion.so/Tuscan-b55c9c91",
       "created_time": "2026-03-01T19:05:00.000Z", "last_edited_time": "2026-03-01T19:05:00.000Z",
       "archived": false,
       "properties": {
         "Name": {"id": "title", "type": "title",
                  "title": [{"type": "text", "plain_text": "Tuscan "}, {"type": "text", "plain_text": "kale"}]},
         "Price": {"id": "p", "type": "number", "number": 2.5},
         "Food group": {"id": "f", "type": "select", "select": {"name": "Vegetable"}},
         "Tags": {"id": "t", "type": "multi_select", "multi_select": [{"name": "green"}, {"name": "leafy"}]},
         "Due": {"id": "d", "type": "date", "date": {"start": "2026-03-02", "end": null}},
         "In stock": {"id": "s", "type": "checkbox", "checkbox": true}
       }}
      """;

  private final WireMockServer api =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private Engine engine;

  @BeforeEach
  void start() {
    api.start();
    engine =
        Engine.builder()
            .nodeType(Notion.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put(
                        "notionApi",
                        "notion",
                        Map.of("accessToken", "secret_n0tion", "baseUrl", api.baseUrl())))
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    api.findNearMissesForAllUnmatchedRequests()
        .forEach(n -> System.err.println("request unlike the documented API: " + n.getDiff()));
    engine.close();
    api.stop();
  }

  private static MappingBuilder documented(MappingBuilder request) {
    return request
        .withHeader("Authorization", equalTo("Bearer secret_n0tion"))
        .withHeader("Notion-Version", equalTo("2022-06-28"));
  }

  private Execution run(Map<String, Object> parameters, List<Item> items) {
    Execution e =
        engine.start(
            Workflow.named("notion")
                .node(
                    "notion",
                    NodeDefinition.of(Notion.type(), parameters),
                    o -> o.credential("notionApi", "notion"))
                .build(),
            items);
    e.await(Duration.ofSeconds(20));
    return e;
  }

  @Test
  void creates_a_page_with_properties_and_paragraphs_and_simplifies_it() {
    api.stubFor(
        documented(post(urlPathEqualTo("/v1/pages")))
            .withRequestBody(matchingJsonPath("$.parent.database_id", equalTo(DB)))
            .withRequestBody(
                matchingJsonPath("$.properties.Name.title[0].text.content", equalTo("Tuscan kale")))
            .withRequestBody(
                matchingJsonPath(
                    "$.children[1].paragraph.rich_text[0].text.content", equalTo("line two")))
            .willReturn(okJson(PAGE_JSON.formatted(PAGE))));
    Execution run =
        run(
            Map.of(
                "operation",
                "createPage",
                "databaseId",
                DB,
                "properties",
                Map.of(
                    "Name",
                    Map.of(
                        "title", List.of(Map.of("text", Map.of("content", "{{ $json.name }}"))))),
                "content",
                "line one\nline two"),
            List.of(Item.of(Map.of("name", "Tuscan kale"))));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> page = run.output("notion").getFirst().json();
    assertThat(page).containsEntry("id", PAGE).containsEntry("archived", false);
    assertThat((Map<String, Object>) page.get("properties"))
        .containsEntry("Name", "Tuscan kale")
        .containsEntry("Price", 2.5)
        .containsEntry("Food group", "Vegetable")
        .containsEntry("Tags", List.of("green", "leafy"))
        .containsEntry("Due", "2026-03-02")
        .containsEntry("In stock", true);
  }

  @Test
  void queries_every_page_of_a_database_with_filter_and_sorts() {
    api.stubFor(
        documented(post(urlPathEqualTo("/v1/databases/" + DB + "/query")))
            .withRequestBody(
                equalToJson(
                    "{\"filter\": {\"property\": \"In stock\", \"checkbox\": {\"equals\": true}},"
                        + " \"sorts\": [{\"property\": \"Price\", \"direction\": \"ascending\"}],"
                        + " \"page_size\": 100}"))
            .willReturn(
                okJson(
                    "{\"object\": \"list\", \"results\": ["
                        + PAGE_JSON.formatted("p1")
                        + "], \"has_more\": true, \"next_cursor\": \"c2\"}")));
    api.stubFor(
        documented(post(urlPathEqualTo("/v1/databases/" + DB + "/query")))
            .withRequestBody(matchingJsonPath("$.start_cursor", equalTo("c2")))
            .willReturn(
                okJson(
                    "{\"object\": \"list\", \"results\": ["
                        + PAGE_JSON.formatted("p2")
                        + "], \"has_more\": false, \"next_cursor\": null}")));
    Execution run =
        run(
            Map.of(
                "operation",
                "queryDatabase",
                "databaseId",
                DB,
                "filter",
                Map.of("property", "In stock", "checkbox", Map.of("equals", true)),
                "sorts",
                List.of(Map.of("property", "Price", "direction", "ascending"))),
            List.of(Item.empty()));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("notion"))
        .extracting(i -> i.json().get("id"))
        .containsExactly("p1", "p2");
  }

  @Test
  void archives_a_page_and_reads_one_raw() {
    api.stubFor(
        documented(patch(urlPathEqualTo("/v1/pages/" + PAGE)))
            .withRequestBody(equalToJson("{\"archived\": true}"))
            .willReturn(
                okJson(
                    PAGE_JSON
                        .formatted(PAGE)
                        .replace("\"archived\": false", "\"archived\": true"))));
    Execution archived =
        run(
            Map.of("operation", "updatePage", "pageId", PAGE, "archived", true),
            List.of(Item.empty()));
    assertThat(archived.output("notion").getFirst().json()).containsEntry("archived", true);

    api.stubFor(
        documented(get(urlPathEqualTo("/v1/pages/" + PAGE)))
            .willReturn(okJson(PAGE_JSON.formatted(PAGE))));
    Execution raw =
        run(
            Map.of("operation", "getPage", "pageId", PAGE, "simplify", false),
            List.of(Item.empty()));
    assertThat(raw.output("notion").getFirst().json()).containsEntry("object", "page");
  }

  @Test
  void errors_quote_notion_and_are_typed() {
    api.stubFor(
        post(urlPathEqualTo("/v1/databases/" + DB + "/query"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"object\": \"error\", \"status\": 401, \"code\": \"unauthorized\","
                            + " \"message\": \"API token is invalid.\"}")));
    Execution refused =
        run(Map.of("operation", "queryDatabase", "databaseId", DB), List.of(Item.empty()));
    assertThat(refused.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("API token is invalid.")
        .hasMessageNotContaining("secret_n0tion");

    api.stubFor(
        get(urlPathEqualTo("/v1/pages/" + PAGE))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "2")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"object\": \"error\", \"status\": 429, \"code\": \"rate_limited\", \"message\": \"slow down\"}")));
    RetryableNodeException limited =
        (RetryableNodeException)
            run(Map.of("operation", "getPage", "pageId", PAGE), List.of(Item.empty()))
                .error()
                .orElseThrow();
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(2));

    Execution bad =
        run(Map.of("operation", "getPage", "pageId", "../users"), List.of(Item.empty()));
    assertThat(bad.error().orElseThrow()).hasMessageContaining("parameter 'pageId'");
  }
}

package dev.tyboo.nodes.airtable;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Airtable node against WireMock checking the Web API's documented requests. */
class AirtableTest {

  private static final String BASE = "appY3WxIBCdKPDdIa";
  private static final String TABLE = "/v0/" + BASE + "/Design%20projects";

  private final WireMockServer api =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private Engine engine;

  @BeforeEach
  void start() {
    api.start();
    engine =
        Engine.builder()
            .nodeType(Airtable.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put(
                        "airtableApi",
                        "at",
                        Map.of("accessToken", "patS3cret.token", "baseUrl", api.baseUrl())))
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

  private Execution run(Map<String, Object> parameters, List<Item> items) {
    Execution e =
        engine.start(
            Workflow.named("airtable")
                .node(
                    "airtable",
                    NodeDefinition.of(Airtable.type(), parameters),
                    o -> o.credential("airtableApi", "at"))
                .build(),
            items);
    e.await(Duration.ofSeconds(20));
    return e;
  }

  @Test
  void lists_records_across_offset_pages_with_a_formula_and_view() {
    api.stubFor(
        get(urlPathEqualTo(TABLE))
            .withHeader("Authorization", equalTo("Bearer patS3cret.token"))
            .withQueryParam("pageSize", equalTo("100"))
            .withQueryParam("filterByFormula", equalTo("{Status} = 'Open'"))
            .withQueryParam("view", equalTo("Grid view"))
            .withQueryParam("offset", absent())
            .willReturn(
                okJson(
                    "{\"records\": [{\"id\": \"rec560UJdUtocSouk\", \"createdTime\":"
                        + " \"2026-01-01T00:00:00.000Z\", \"fields\": {\"Name\": \"A\"}}],"
                        + " \"offset\": \"itrX/rec560UJdUtocSouk\"}")));
    api.stubFor(
        get(urlPathEqualTo(TABLE))
            .withQueryParam("offset", equalTo("itrX/rec560UJdUtocSouk"))
            .willReturn(
                okJson(
                    "{\"records\": [{\"id\": \"recwPQIfs4wKPyc9D\", \"fields\": {\"Name\": \"B\"}}]}")));
    Execution run =
        run(
            Map.of(
                "operation", "list",
                "baseId", BASE,
                "table", "Design projects",
                "filterByFormula", "{Status} = 'Open'",
                "view", "Grid view"),
            List.of(Item.empty()));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("airtable"))
        .extracting(i -> i.json().get("id"))
        .containsExactly("rec560UJdUtocSouk", "recwPQIfs4wKPyc9D");
  }

  @Test
  void creates_ten_records_per_request_and_upserts_on_merge_fields() {
    api.stubFor(
        post(urlPathEqualTo(TABLE))
            .willReturn(
                okJson("{\"records\": [{\"id\": \"recAAAAAAAAAAAAAA\", \"fields\": {}}]}")));
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      items.add(Item.of(Map.of("Name", "p" + i)));
    }
    Execution created =
        run(Map.of("operation", "create", "baseId", BASE, "table", "Design projects"), items);
    assertThat(created.status()).as("%s", created.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    api.verify(2, postRequestedFor(urlPathEqualTo(TABLE)));
    assertThat(api.findAll(postRequestedFor(urlPathEqualTo(TABLE))).getFirst().getBodyAsString())
        .contains("\"p9\"")
        .doesNotContain("\"p10\"");

    api.stubFor(
        patch(urlPathEqualTo(TABLE))
            .withRequestBody(
                equalToJson(
                    "{\"records\": [{\"fields\": {\"Name\": \"p1\", \"Qty\": 2}}], \"typecast\": true,"
                        + " \"performUpsert\": {\"fieldsToMergeOn\": [\"Name\"]}}"))
            .willReturn(
                okJson(
                    "{\"records\": [{\"id\": \"recBBBBBBBBBBBBBB\", \"fields\": {\"Name\": \"p1\"}}],"
                        + " \"updatedRecords\": [\"recBBBBBBBBBBBBBB\"], \"createdRecords\": []}")));
    Execution upserted =
        run(
            Map.of(
                "operation",
                "create",
                "baseId",
                BASE,
                "table",
                "Design projects",
                "mergeOn",
                List.of("Name"),
                "typecast",
                true,
                "fields",
                Map.of("Name", "{{ $json.name }}", "Qty", "{{ $json.qty }}")),
            List.of(Item.of(Map.of("name", "p1", "qty", 2))));
    assertThat(upserted.status()).as("%s", upserted.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(upserted.output("airtable").getFirst().json())
        .containsEntry("id", "recBBBBBBBBBBBBBB");
  }

  @Test
  void updates_and_deletes_by_record_id() {
    api.stubFor(
        patch(urlPathEqualTo(TABLE))
            .withRequestBody(
                equalToJson(
                    "{\"records\": [{\"id\": \"rec560UJdUtocSouk\", \"fields\": {\"Status\": \"Done\"}}],"
                        + " \"typecast\": false}"))
            .willReturn(
                okJson(
                    "{\"records\": [{\"id\": \"rec560UJdUtocSouk\", \"fields\": {\"Status\": \"Done\"}}]}")));
    Execution updated =
        run(
            Map.of(
                "operation", "update",
                "baseId", BASE,
                "table", "Design projects",
                "recordId", "rec560UJdUtocSouk",
                "fields", Map.of("Status", "Done")),
            List.of(Item.empty()));
    assertThat(updated.status()).as("%s", updated.error()).isEqualTo(ExecutionStatus.SUCCEEDED);

    api.stubFor(
        delete(urlPathEqualTo(TABLE))
            .withQueryParam("records[]", equalTo("rec560UJdUtocSouk"))
            .willReturn(
                okJson("{\"records\": [{\"id\": \"rec560UJdUtocSouk\", \"deleted\": true}]}")));
    Execution deleted =
        run(
            Map.of(
                "operation", "delete",
                "baseId", BASE,
                "table", "Design projects",
                "recordId", "{{ $json.id }}"),
            List.of(Item.of(Map.of("id", "rec560UJdUtocSouk"))));
    assertThat(deleted.output("airtable").getFirst().json()).containsEntry("deleted", true);
  }

  @Test
  void a_rate_limit_waits_thirty_seconds_and_bad_ids_are_parameter_errors() {
    api.stubFor(
        get(urlPathEqualTo(TABLE))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"errors\": [{\"error\": \"RATE_LIMIT_REACHED\"}]}")));
    RetryableNodeException limited =
        (RetryableNodeException)
            run(
                    Map.of("operation", "list", "baseId", BASE, "table", "Design projects"),
                    List.of(Item.empty()))
                .error()
                .orElseThrow();
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));

    api.stubFor(
        get(urlPathEqualTo("/v0/" + BASE + "/Nope"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"type\": \"TABLE_NOT_FOUND\", \"message\": \"Could not find table Nope\"}}")));
    assertThat(
            run(Map.of("operation", "list", "baseId", BASE, "table", "Nope"), List.of(Item.empty()))
                .error()
                .orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("Could not find table Nope");

    Execution badBase =
        run(Map.of("operation", "list", "baseId", "../meta", "table", "x"), List.of(Item.empty()));
    assertThat(badBase.error().orElseThrow()).hasMessageContaining("parameter 'baseId'");
    Execution badRecord =
        run(
            Map.of(
                "operation",
                "delete",
                "baseId",
                BASE,
                "table",
                "x",
                "recordId",
                "rec1&records[]=recX"),
            List.of(Item.empty()));
    assertThat(badRecord.error().orElseThrow()).hasMessageContaining("parameter 'recordId'");
  }
}

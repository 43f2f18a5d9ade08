package dev.tyboo.nodes.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Google Sheets, Drive and Gmail against WireMock, which checks each request against Google's
 * documented REST APIs (paths, query, headers, bodies, page tokens) and its OAuth2 token endpoint
 * (refresh-token grant); a refused token is renewed once and the call sent again.
 */
@SuppressWarnings("unchecked")
class GoogleNodesTest {

  private static final String SHEET = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WireMockServer api =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private InMemoryCredentialProvider credentials;
  private Engine engine;

  @BeforeEach
  void start() {
    api.start();
    credentials =
        CredentialProvider.inMemory()
            .put(
                "googleOAuth2Api",
                "google",
                Map.of(
                    "clientId", "client-1.apps.googleusercontent.com",
                    "clientSecret", "GOCSPX-s3cret",
                    "refreshToken", "1//refresh",
                    "accessToken", "ya29.current",
                    "tokenUrl", api.baseUrl() + "/token",
                    "baseUrl", api.baseUrl()));
    engine =
        Engine.builder()
            .nodeType(GoogleSheets.type())
            .nodeType(GoogleDrive.type())
            .nodeType(Gmail.type())
            .credentials(credentials)
            .retryPolicy(RetryPolicy.none())
            .build();
    api.stubFor(
        post(urlPathEqualTo("/token"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=1%2F%2Frefresh"))
            .withRequestBody(containing("client_id=client-1.apps.googleusercontent.com"))
            .withRequestBody(containing("client_secret=GOCSPX-s3cret"))
            .willReturn(
                okJson(
                    "{\"access_token\": \"ya29.renewed\", \"expires_in\": 3599,"
                        + " \"token_type\": \"Bearer\"}")));
  }

  @AfterEach
  void stop() {
    api.findNearMissesForAllUnmatchedRequests()
        .forEach(n -> System.err.println("request unlike the documented API: " + n.getDiff()));
    engine.close();
    api.stop();
  }

  private Execution run(NodeDefinition node, List<Item> items) {
    Execution e =
        engine.start(
            Workflow.named("google")
                .node("google", node, o -> o.credential("googleOAuth2Api", "google"))
                .build(),
            items);
    e.await(Duration.ofSeconds(20));
    return e;
  }

  private static String range(String a1) {
    return "/v4/spreadsheets/" + SHEET + "/values/" + GoogleApi.segment(a1);
  }

  @Test
  void sheets_reads_rows_keyed_by_the_header_and_renews_a_refused_token_once() {
    api.stubFor(
        get(urlPathEqualTo(range("Orders!A1:C")))
            .withHeader("Authorization", equalTo("Bearer ya29.current"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": 401, \"message\": \"Request had invalid"
                            + " authentication credentials.\", \"status\": \"UNAUTHENTICATED\"}}")));
    api.stubFor(
        get(urlPathEqualTo(range("Orders!A1:C")))
            .withHeader("Authorization", equalTo("Bearer ya29.renewed"))
            .withQueryParam("majorDimension", equalTo("ROWS"))
            .withQueryParam("valueRenderOption", equalTo("UNFORMATTED_VALUE"))
            .willReturn(
                okJson(
                    "{\"range\": \"Orders!A1:C3\", \"majorDimension\": \"ROWS\", \"values\":"
                        + " [[\"sku\", \"qty\", \"note\"], [\"A1\", 3, \"rush\"], [\"B2\", 1]]}")));

    Execution run = run(GoogleSheets.readRows(SHEET, "Orders!A1:C"), List.of(Item.empty()));

    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("google"))
        .extracting(Item::json)
        .containsExactly(
            Map.of("sku", "A1", "qty", 3, "note", "rush"),
            new java.util.HashMap<>(Map.of("sku", "B2", "qty", 1)) {
              {
                put("note", null);
              }
            });
    api.verify(1, postRequestedFor(urlPathEqualTo("/token")));
    assertThat(credentials.find("googleOAuth2Api", "google").orElseThrow())
        .containsEntry("accessToken", "ya29.renewed")
        .containsKey("expiresAt");
  }

  @Test
  void sheets_appends_all_items_in_one_request_in_the_header_order_and_updates_a_row()
      throws Exception {
    api.stubFor(
        get(urlPathEqualTo(range("Orders!1:1")))
            .willReturn(okJson("{\"values\": [[\"qty\", \"sku\", \"tags\"]]}")));
    api.stubFor(
        post(urlPathEqualTo(range("Orders") + ":append"))
            .withHeader("Authorization", equalTo("Bearer ya29.current"))
            .withQueryParam("valueInputOption", equalTo("USER_ENTERED"))
            .withQueryParam("insertDataOption", equalTo("INSERT_ROWS"))
            .withRequestBody(
                equalToJson(
                    "{\"majorDimension\": \"ROWS\", \"values\":"
                        + " [[3, \"A1\", \"[\\\"x\\\"]\"], [1, \"B2\", \"\"]]}"))
            .willReturn(
                okJson(
                    "{\"spreadsheetId\": \"" + SHEET + "\", \"updates\": {\"updatedRows\": 2}}")));
    Execution appended =
        run(
            GoogleSheets.appendRows(SHEET, "Orders"),
            List.of(
                Item.of(Map.of("sku", "A1", "qty", 3, "tags", List.of("x"))),
                Item.of(Map.of("sku", "B2", "qty", 1))));
    assertThat(appended.status()).as("%s", appended.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(appended.output("google")).hasSize(2);

    api.stubFor(
        put(urlPathEqualTo(range("Orders!A7")))
            .withQueryParam("valueInputOption", equalTo("USER_ENTERED"))
            .withRequestBody(
                equalToJson(
                    "{\"range\": \"Orders!A7\", \"majorDimension\": \"ROWS\","
                        + " \"values\": [[\"A1\", 4]]}"))
            .willReturn(okJson("{\"updatedRange\": \"Orders!A7:B7\", \"updatedCells\": 2}")));
    Execution updated =
        run(
            NodeDefinition.of(
                GoogleSheets.type(),
                Map.of(
                    "operation",
                    "updateRows",
                    "spreadsheetId",
                    SHEET,
                    "range",
                    "Orders!A{{ $json.row }}",
                    "columns",
                    List.of("sku", "qty"))),
            List.of(Item.of(Map.of("row", 7, "sku", "A1", "qty", 4))));
    assertThat(updated.output("google").getFirst().json())
        .isEqualTo(Map.of("updatedRange", "Orders!A7:B7", "updatedCells", 2));
  }

  @Test
  void sheets_rate_limits_are_retryable_and_a_bad_spreadsheet_id_is_a_parameter_error() {
    api.stubFor(
        get(urlPathEqualTo(range("A1:B")))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": 429, \"message\": \"Quota exceeded\","
                            + " \"status\": \"RESOURCE_EXHAUSTED\"}}")));
    RetryableNodeException limited =
        (RetryableNodeException)
            run(GoogleSheets.readRows(SHEET, "A1:B"), List.of(Item.empty())).error().orElseThrow();
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(limited).hasMessageContaining("Quota exceeded");

    Execution bad = run(GoogleSheets.readRows("../../admin", "A1"), List.of(Item.empty()));
    assertThat(bad.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("parameter 'spreadsheetId'");
  }

  @Test
  void drive_uploads_by_a_resumable_session_streaming_the_attachment() throws Exception {
    byte[] content = "%PDF-1.7 invoice".getBytes(StandardCharsets.UTF_8);
    BinaryRef ref =
        engine
            .binaryStore()
            .write(new ByteArrayInputStream(content), "invoice-7.pdf", "application/pdf");
    api.stubFor(
        post(urlPathEqualTo("/upload/drive/v3/files"))
            .withQueryParam("uploadType", equalTo("resumable"))
            .withHeader("Authorization", equalTo("Bearer ya29.current"))
            .withHeader("X-Upload-Content-Type", equalTo("application/pdf"))
            .withHeader("X-Upload-Content-Length", equalTo(Integer.toString(content.length)))
            .withRequestBody(
                equalToJson("{\"name\": \"invoice-7.pdf\", \"parents\": [\"0AFolder\"]}"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader(
                        "Location",
                        api.baseUrl()
                            + "/upload/drive/v3/files?uploadType=resumable&upload_id=xa298sd_sdlkj2")));
    api.stubFor(
        put(urlPathEqualTo("/upload/drive/v3/files"))
            .withQueryParam("upload_id", equalTo("xa298sd_sdlkj2"))
            .withHeader("Content-Type", equalTo("application/pdf"))
            .willReturn(
                okJson(
                    "{\"id\": \"1Fil3\", \"name\": \"invoice-7.pdf\","
                        + " \"mimeType\": \"application/pdf\"}")));

    Execution run =
        run(GoogleDrive.upload("0AFolder"), List.of(Item.of(Map.of()).withBinary("data", ref)));

    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("google").getFirst().json()).containsEntry("id", "1Fil3");
    LoggedRequest sent =
        api.findAll(putRequestedFor(urlPathEqualTo("/upload/drive/v3/files"))).getFirst();
    assertThat(sent.getBody()).isEqualTo(content);
    assertThat(sent.getHeader("Content-Length")).isEqualTo(Integer.toString(content.length));
    assertThat(sent.containsHeader("Authorization"))
        .as("the session URL is the authority")
        .isFalse();
  }

  @Test
  void drive_downloads_into_the_binary_store_and_lists_every_page() throws Exception {
    api.stubFor(
        get(urlPathEqualTo("/drive/v3/files/1Fil3"))
            .withQueryParam("fields", equalTo("id,name,mimeType,size,modifiedTime,parents"))
            .willReturn(
                okJson("{\"id\": \"1Fil3\", \"name\": \"a.csv\", \"mimeType\": \"text/csv\"}")));
    api.stubFor(
        get(urlPathEqualTo("/drive/v3/files/1Fil3"))
            .withQueryParam("alt", equalTo("media"))
            .willReturn(aResponse().withStatus(200).withBody("id\n1\n")));
    Execution downloaded = run(GoogleDrive.download("1Fil3"), List.of(Item.empty()));
    assertThat(downloaded.status())
        .as("%s", downloaded.error())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    Item file = downloaded.output("google").getFirst();
    assertThat(file.json()).containsEntry("name", "a.csv");
    try (InputStream in = engine.binaryStore().open(file.binary().get("data"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("id\n1\n");
    }

    api.stubFor(
        get(urlPathEqualTo("/drive/v3/files"))
            .withQueryParam("q", equalTo("name contains 'invoice'"))
            .withQueryParam("pageSize", equalTo("100"))
            .withQueryParam("pageToken", com.github.tomakehurst.wiremock.client.WireMock.absent())
            .willReturn(
                okJson(
                    "{\"nextPageToken\": \"p2\", \"files\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}")));
    api.stubFor(
        get(urlPathEqualTo("/drive/v3/files"))
            .withQueryParam("pageToken", equalTo("p2"))
            .willReturn(okJson("{\"files\": [{\"id\": \"c\"}]}")));
    Execution listed =
        run(
            NodeDefinition.of(
                GoogleDrive.type(),
                Map.of("operation", "list", "query", "name contains 'invoice'")),
            List.of(Item.empty()));
    assertThat(listed.output("google"))
        .extracting(i -> i.json().get("id"))
        .containsExactly("a", "b", "c");
  }

  @Test
  void gmail_sends_a_mime_message_and_refuses_header_injection() throws Exception {
    api.stubFor(
        post(urlPathEqualTo("/gmail/v1/users/me/messages/send"))
            .withHeader("Authorization", equalTo("Bearer ya29.current"))
            .willReturn(
                okJson("{\"id\": \"18c1\", \"threadId\": \"18c1\", \"labelIds\": [\"SENT\"]}")));
    Execution sent =
        run(
            NodeDefinition.of(
                Gmail.type(),
                Map.of(
                    "to", "ada@example.com",
                    "cc", "bob@example.com",
                    "subject", "Commande n°{{ $json.id }}",
                    "text", "Total: 13.5",
                    "html", "<b>Total</b>: 13.5")),
            List.of(Item.of(Map.of("id", 7))));
    assertThat(sent.status()).as("%s", sent.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(sent.output("google").getFirst().json()).containsEntry("id", "18c1");
    LoggedRequest request =
        api.findAll(postRequestedFor(urlPathEqualTo("/gmail/v1/users/me/messages/send")))
            .getFirst();
    Map<String, Object> body = JSON.readValue(request.getBody(), Map.class);
    String raw =
        new String(Base64.getUrlDecoder().decode((String) body.get("raw")), StandardCharsets.UTF_8);
    assertThat(raw)
        .contains("To: ada@example.com\r\n", "Cc: bob@example.com\r\n")
        .contains(
            "Subject: =?UTF-8?B?"
                + Base64.getEncoder()
                    .encodeToString("Commande n°7".getBytes(StandardCharsets.UTF_8))
                + "?=")
        .contains("Message-ID: <" + sent.id().value() + ".google.")
        .contains("Content-Type: multipart/alternative")
        .contains(
            Base64.getMimeEncoder()
                .encodeToString("<b>Total</b>: 13.5".getBytes(StandardCharsets.UTF_8)));

    Execution injected =
        run(
            Gmail.send("ada@example.com", "hi\r\nBcc: all@example.com", "x"),
            List.of(Item.empty()));
    assertThat(injected.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("parameter 'subject'");
  }
}

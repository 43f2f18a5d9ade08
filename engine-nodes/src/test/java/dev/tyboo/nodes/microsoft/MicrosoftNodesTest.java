package dev.tyboo.nodes.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

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
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outlook, OneDrive and Excel against WireMock, which checks each request against Microsoft Graph's
 * documented API (paths, bodies, upload sessions with Content-Range, redirects to pre-authorized
 * downloads, @odata.nextLink) and the identity platform's token endpoint.
 */
class MicrosoftNodesTest {

  private static final String GRAPH = "/v1.0";

  private final WireMockServer api =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private Engine engine;

  @BeforeEach
  void start() {
    api.start();
    engine =
        Engine.builder()
            .nodeType(MicrosoftOutlook.type())
            .nodeType(MicrosoftOneDrive.type())
            .nodeType(MicrosoftExcel.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put(
                        "microsoftOAuth2Api",
                        "m365",
                        Map.of(
                            "clientId", "00000000-aaaa",
                            "clientSecret", "s3cret~value",
                            "refreshToken", "M.R3_refresh",
                            "accessToken", "eyJ.current",
                            "tokenUrl", api.baseUrl() + "/contoso/oauth2/v2.0/token",
                            "baseUrl", api.baseUrl() + GRAPH)))
            .retryPolicy(RetryPolicy.none())
            .build();
    api.stubFor(
        post(urlPathEqualTo("/contoso/oauth2/v2.0/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=M.R3_refresh"))
            .withRequestBody(containing("client_id=00000000-aaaa"))
            .willReturn(
                okJson(
                    "{\"token_type\": \"Bearer\", \"access_token\": \"eyJ.renewed\","
                        + " \"expires_in\": 3599, \"refresh_token\": \"M.R3_rotated\"}")));
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
            Workflow.named("m365")
                .node("m365", node, o -> o.credential("microsoftOAuth2Api", "m365"))
                .build(),
            items);
    e.await(Duration.ofSeconds(30));
    return e;
  }

  private BinaryRef attachment(byte[] content, String name) {
    return engine.binaryStore().write(new ByteArrayInputStream(content), name, "application/pdf");
  }

  @Test
  void outlook_sends_mail_as_graph_documents_and_renews_a_refused_token() {
    api.stubFor(
        post(urlPathEqualTo(GRAPH + "/me/sendMail"))
            .withHeader("Authorization", equalTo("Bearer eyJ.current"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"InvalidAuthenticationToken\","
                            + " \"message\": \"Access token has expired.\"}}")));
    api.stubFor(
        post(urlPathEqualTo(GRAPH + "/me/sendMail"))
            .withHeader("Authorization", equalTo("Bearer eyJ.renewed"))
            .withRequestBody(
                equalToJson(
                    "{\"message\": {\"subject\": \"Order 7\","
                        + " \"body\": {\"contentType\": \"HTML\", \"content\": \"<b>13.5</b>\"},"
                        + " \"toRecipients\": [{\"emailAddress\": {\"address\": \"ada@contoso.com\"}},"
                        + " {\"emailAddress\": {\"address\": \"bob@contoso.com\"}}]},"
                        + " \"saveToSentItems\": true}"))
            .willReturn(aResponse().withStatus(202)));
    Execution run =
        run(
            NodeDefinition.of(
                MicrosoftOutlook.type(),
                Map.of(
                    "to", "ada@contoso.com, bob@contoso.com",
                    "subject", "Order {{ $json.id }}",
                    "body", "<b>13.5</b>",
                    "bodyType", "html")),
            List.of(Item.of(Map.of("id", 7))));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("m365").getFirst().json()).containsEntry("sent", true);
    api.verify(1, postRequestedFor(urlPathEqualTo("/contoso/oauth2/v2.0/token")));
  }

  @Test
  void onedrive_uploads_small_files_in_one_put_and_large_ones_by_session_chunks() {
    byte[] small = "%PDF small".getBytes(StandardCharsets.UTF_8);
    api.stubFor(
        put(urlPathEqualTo(GRAPH + "/me/drive/root:/Invoices/2026/7%20a.pdf:/content"))
            .withHeader("Authorization", equalTo("Bearer eyJ.current"))
            .withHeader("Content-Type", equalTo("application/pdf"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\": \"01ABC\", \"name\": \"7 a.pdf\", \"size\": 10}")));
    Execution simple =
        run(
            MicrosoftOneDrive.upload("Invoices/2026/7 a.pdf"),
            List.of(Item.of(Map.of()).withBinary("data", attachment(small, "7.pdf"))));
    assertThat(simple.status()).as("%s", simple.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(simple.output("m365").getFirst().json()).containsEntry("id", "01ABC");
    assertThat(
            api.findAll(
                    putRequestedFor(
                        urlPathEqualTo(GRAPH + "/me/drive/root:/Invoices/2026/7%20a.pdf:/content")))
                .getFirst()
                .getBody())
        .isEqualTo(small);

    byte[] large = new byte[MicrosoftOneDrive.CHUNK + 1000];
    Arrays.fill(large, (byte) 'x');
    large[large.length - 1] = 'y';
    String uploadUrl = api.baseUrl() + "/up/session-1";
    api.stubFor(
        post(urlPathEqualTo(GRAPH + "/me/drive/root:/big.bin:/createUploadSession"))
            .withRequestBody(
                equalToJson("{\"item\": {\"@microsoft.graph.conflictBehavior\": \"replace\"}}"))
            .willReturn(
                okJson(
                    "{\"uploadUrl\": \""
                        + uploadUrl
                        + "\", \"expirationDateTime\": \"2026-12-07T00:00:00Z\"}")));
    api.stubFor(
        put(urlPathEqualTo("/up/session-1"))
            .withHeader(
                "Content-Range",
                equalTo("bytes 0-" + (MicrosoftOneDrive.CHUNK - 1) + "/" + large.length))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"nextExpectedRanges\": [\"" + MicrosoftOneDrive.CHUNK + "-\"]}")));
    api.stubFor(
        put(urlPathEqualTo("/up/session-1"))
            .withHeader(
                "Content-Range",
                equalTo(
                    "bytes "
                        + MicrosoftOneDrive.CHUNK
                        + "-"
                        + (large.length - 1)
                        + "/"
                        + large.length))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\": \"01BIG\", \"name\": \"big.bin\", \"size\": "
                            + large.length
                            + "}")));
    Execution chunked =
        run(
            MicrosoftOneDrive.upload("big.bin"),
            List.of(Item.of(Map.of()).withBinary("data", attachment(large, "big.bin"))));
    assertThat(chunked.status()).as("%s", chunked.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(chunked.output("m365").getFirst().json()).containsEntry("id", "01BIG");
    List<LoggedRequest> chunks = api.findAll(putRequestedFor(urlPathEqualTo("/up/session-1")));
    assertThat(chunks).hasSize(2);
    assertThat(chunks.getFirst().containsHeader("Authorization")).isFalse();
    assertThat(chunks.get(1).getBody()).hasSize(1000).endsWith((byte) 'y');
  }

  @Test
  void onedrive_downloads_through_the_redirect_without_the_token_and_lists_every_page()
      throws Exception {
    api.stubFor(
        get(urlPathEqualTo(GRAPH + "/me/drive/root:/Reports/q4.csv:"))
            .willReturn(
                okJson(
                    "{\"id\": \"01Q4\", \"name\": \"q4.csv\", \"file\": {\"mimeType\": \"text/csv\"}}")));
    api.stubFor(
        get(urlPathEqualTo(GRAPH + "/me/drive/root:/Reports/q4.csv:/content"))
            .withHeader("Authorization", equalTo("Bearer eyJ.current"))
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", api.baseUrl() + "/download/q4?tempauth=abc")));
    api.stubFor(
        get(urlPathEqualTo("/download/q4"))
            .willReturn(aResponse().withStatus(200).withBody("quarter,total\n4,99\n")));
    Execution downloaded = run(MicrosoftOneDrive.download("Reports/q4.csv"), List.of(Item.empty()));
    assertThat(downloaded.status())
        .as("%s", downloaded.error())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    Item file = downloaded.output("m365").getFirst();
    try (InputStream in = engine.binaryStore().open(file.binary().get("data"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("quarter,total\n4,99\n");
    }
    assertThat(file.binary().get("data").mimeType()).isEqualTo("text/csv");
    assertThat(
            api.findAll(getRequestedFor(urlPathEqualTo("/download/q4")))
                .getFirst()
                .containsHeader("Authorization"))
        .as("the pre-authorized URL gets no token")
        .isFalse();

    api.stubFor(
        get(urlPathEqualTo(GRAPH + "/me/drive/root/children"))
            .withQueryParam("$top", equalTo("200"))
            .willReturn(
                okJson(
                    "{\"value\": [{\"name\": \"a\"}, {\"name\": \"b\"}], \"@odata.nextLink\": \""
                        + api.baseUrl()
                        + GRAPH
                        + "/me/drive/root/children?$skiptoken=X2\"}")));
    api.stubFor(
        get(urlPathEqualTo(GRAPH + "/me/drive/root/children"))
            .withQueryParam("$skiptoken", equalTo("X2"))
            .willReturn(okJson("{\"value\": [{\"name\": \"c\"}]}")));
    Execution listed =
        run(
            NodeDefinition.of(MicrosoftOneDrive.type(), Map.of("operation", "list")),
            List.of(Item.empty()));
    assertThat(listed.output("m365"))
        .extracting(i -> i.json().get("name"))
        .containsExactly("a", "b", "c");
  }

  @Test
  void excel_reads_rows_by_column_name_and_appends_items_in_column_order() {
    String table = GRAPH + "/me/drive/root:/Reports/orders.xlsx:/workbook/tables/Orders";
    api.stubFor(
        get(urlPathEqualTo(table + "/columns"))
            .willReturn(okJson("{\"value\": [{\"name\": \"sku\"}, {\"name\": \"qty\"}]}")));
    api.stubFor(
        get(urlPathEqualTo(table + "/rows"))
            .willReturn(
                okJson(
                    "{\"value\": [{\"index\": 0, \"values\": [[\"A1\", 3]]},"
                        + " {\"index\": 1, \"values\": [[\"B2\", 1]]}]}")));
    Execution read =
        run(
            NodeDefinition.of(
                MicrosoftExcel.type(),
                Map.of("operation", "readRows", "path", "Reports/orders.xlsx", "table", "Orders")),
            List.of(Item.empty()));
    assertThat(read.status()).as("%s", read.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(read.output("m365"))
        .extracting(Item::json)
        .containsExactly(Map.of("sku", "A1", "qty", 3), Map.of("sku", "B2", "qty", 1));

    api.stubFor(
        post(urlPathEqualTo(table + "/rows"))
            .withRequestBody(equalToJson("{\"values\": [[\"C3\", 5], [\"D4\", \"\"]]}"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"index\": 2}")));
    Execution appended =
        run(
            MicrosoftExcel.appendRows("Reports/orders.xlsx", "Orders"),
            List.of(Item.of(Map.of("qty", 5, "sku", "C3")), Item.of(Map.of("sku", "D4"))));
    assertThat(appended.status()).as("%s", appended.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(appended.output("m365")).hasSize(2);
  }

  @Test
  void throttling_is_retryable_a_path_with_dot_dot_a_parameter_error() {
    api.stubFor(
        get(urlPathEqualTo(GRAPH + "/me/drive/root:/x.csv:"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "7")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": {\"code\": \"TooManyRequests\", \"message\": \"Please retry\"}}")));
    RetryableNodeException throttled =
        (RetryableNodeException)
            run(MicrosoftOneDrive.download("x.csv"), List.of(Item.empty())).error().orElseThrow();
    assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(7));

    Execution bad = run(MicrosoftOneDrive.download("a/../../b"), List.of(Item.empty()));
    assertThat(bad.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("parameter 'path'");
  }
}

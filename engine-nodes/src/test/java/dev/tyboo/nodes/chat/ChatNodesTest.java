package dev.tyboo.nodes.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack, Discord and Telegram against WireMock, which checks each request against the service's
 * documented API (method, path, headers, JSON body) and answers as the service documents.
 */
class ChatNodesTest {

  private final WireMockServer api =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private Engine engine;

  @BeforeEach
  void start() {
    api.start();
    engine =
        Engine.builder()
            .nodeType(Slack.type())
            .nodeType(Discord.type())
            .nodeType(Telegram.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put(
                        "slackApi",
                        "bot",
                        Map.of("accessToken", "xoxb-test", "baseUrl", api.baseUrl() + "/api"))
                    .put(
                        "discordWebhook",
                        "hook",
                        Map.of("url", api.baseUrl() + "/api/webhooks/123/s3cret-hook"))
                    .put(
                        "telegramApi",
                        "bot",
                        Map.of("accessToken", "123456:s3cret-Token", "baseUrl", api.baseUrl()))
                    .put(
                        "discordBotApi",
                        "bot",
                        Map.of(
                            "accessToken",
                            "MTk4.bot-s3cret",
                            "baseUrl",
                            api.baseUrl() + "/api/v10")))
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    // a request no stub matched: print how it differed from the closest documented shape
    api.findNearMissesForAllUnmatchedRequests()
        .forEach(n -> System.err.println("request unlike the documented API: " + n.getDiff()));
    engine.close();
    api.stop();
  }

  private Execution run(
      NodeDefinition node, String credentialType, String credential, List<Item> items) {
    Execution e =
        engine.start(
            Workflow.named("chat")
                .node("chat", node, o -> o.credential(credentialType, credential))
                .build(),
            items);
    e.await(Duration.ofSeconds(20));
    return e;
  }

  @Test
  void slack_posts_a_message_as_the_web_api_documents() {
    api.stubFor(
        post(urlPathEqualTo("/api/chat.postMessage"))
            .withHeader("Authorization", equalTo("Bearer xoxb-test"))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
            .withRequestBody(equalToJson("{\"channel\": \"C024BE91L\", \"text\": \"New order 7\"}"))
            .willReturn(
                okJson(
                    "{\"ok\": true, \"channel\": \"C024BE91L\", \"ts\": \"1503435956.000247\"}")));
    Execution run =
        run(
            Slack.postMessage("C024BE91L", "New order {{ $json.id }}"),
            "slackApi",
            "bot",
            List.of(Item.of(Map.of("id", 7))));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("chat").getFirst().json())
        .isEqualTo(Map.of("channel", "C024BE91L", "ts", "1503435956.000247"));
  }

  @Test
  void slack_lists_every_page_of_channels_following_the_cursor() {
    api.stubFor(
        get(urlPathEqualTo("/api/conversations.list"))
            .withQueryParam("cursor", absent())
            .withQueryParam("limit", equalTo("200"))
            .willReturn(
                okJson(
                    "{\"ok\": true, \"channels\": [{\"id\": \"C1\", \"name\": \"general\"}],"
                        + " \"response_metadata\": {\"next_cursor\": \"dGVhbTpDMDYxRkE1UEI=\"}}")));
    api.stubFor(
        get(urlPathEqualTo("/api/conversations.list"))
            .withQueryParam("cursor", equalTo("dGVhbTpDMDYxRkE1UEI="))
            .willReturn(
                okJson(
                    "{\"ok\": true, \"channels\": [{\"id\": \"C2\", \"name\": \"random\"}],"
                        + " \"response_metadata\": {\"next_cursor\": \"\"}}")));
    Execution run =
        run(
            NodeDefinition.of(Slack.type(), Map.of("operation", "listChannels")),
            "slackApi",
            "bot",
            List.of(Item.of(Map.of())));
    assertThat(run.output("chat"))
        .extracting(i -> i.json().get("name"))
        .containsExactly("general", "random");
    api.verify(2, getRequestedFor(urlPathEqualTo("/api/conversations.list")));
  }

  @Test
  void slack_stops_at_an_empty_page_even_when_it_carries_a_cursor() {
    api.stubFor(
        get(urlPathEqualTo("/api/conversations.list"))
            .willReturn(
                okJson(
                    "{\"ok\": true, \"channels\": [],"
                        + " \"response_metadata\": {\"next_cursor\": \"again\"}}")));
    Execution run =
        run(
            NodeDefinition.of(Slack.type(), Map.of("operation", "listChannels")),
            "slackApi",
            "bot",
            List.of(Item.of(Map.of())));
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("chat")).isEmpty();
    api.verify(1, getRequestedFor(urlPathEqualTo("/api/conversations.list")));
  }

  @Test
  void slack_typed_failures_bad_token_and_rate_limit() {
    api.stubFor(
        post(urlPathEqualTo("/api/chat.update"))
            .willReturn(okJson("{\"ok\": false, \"error\": \"invalid_auth\"}")));
    Execution refused =
        run(
            NodeDefinition.of(
                Slack.type(),
                Map.of("operation", "updateMessage", "channel", "C1", "text", "x", "ts", "1.2")),
            "slackApi",
            "bot",
            List.of(Item.of(Map.of())));
    assertThat(refused.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("refused the credential: invalid_auth");

    api.stubFor(
        post(urlPathEqualTo("/api/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withBody("{\"ok\": false, \"error\": \"ratelimited\"}")));
    Execution limited =
        run(Slack.postMessage("C1", "x"), "slackApi", "bot", List.of(Item.of(Map.of())));
    RetryableNodeException e = (RetryableNodeException) limited.error().orElseThrow();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(e.getMessage()).contains("HTTP 429").doesNotContain("xoxb-test");

    api.stubFor(
        post(urlPathEqualTo("/api/chat.postMessage"))
            .willReturn(okJson("{\"ok\": false, \"error\": \"channel_not_found\"}")));
    Execution missing =
        run(Slack.postMessage("C9", "x"), "slackApi", "bot", List.of(Item.of(Map.of())));
    assertThat(missing.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("channel_not_found");
  }

  @Test
  void discord_sends_through_the_webhook_and_waits_for_the_message() {
    api.stubFor(
        post(urlPathEqualTo("/api/webhooks/123/s3cret-hook"))
            .withQueryParam("wait", equalTo("true"))
            .withRequestBody(
                equalToJson(
                    "{\"content\": \"Order 7 shipped\", \"username\": \"Shop\", \"allowed_mentions\": {\"parse\": []}}"))
            .willReturn(
                okJson(
                    "{\"id\": \"1100\", \"channel_id\": \"2200\", \"content\": \"Order 7 shipped\"}")));
    Execution run =
        run(
            NodeDefinition.of(
                Discord.type(),
                Map.of("content", "Order {{ $json.id }} shipped", "username", "Shop")),
            "discordWebhook",
            "hook",
            List.of(Item.of(Map.of("id", 7))));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("chat").getFirst().json())
        .isEqualTo(Map.of("id", "1100", "channelId", "2200"));
  }

  @Test
  void discord_typed_failures_removed_webhook_rate_limit_and_long_content() {
    api.stubFor(
        post(urlPathEqualTo("/api/webhooks/123/s3cret-hook"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody("{\"message\": \"Unknown Webhook\", \"code\": 10015}")));
    Execution gone = run(Discord.send("x"), "discordWebhook", "hook", List.of(Item.of(Map.of())));
    assertThat(gone.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("Unknown Webhook");
    assertThat(gone.error().orElseThrow().getMessage()).doesNotContain("s3cret-hook");

    api.stubFor(
        post(urlPathEqualTo("/api/webhooks/123/s3cret-hook"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false}")));
    Execution limited =
        run(Discord.send("x"), "discordWebhook", "hook", List.of(Item.of(Map.of())));
    assertThat(((RetryableNodeException) limited.error().orElseThrow()).retryAfter())
        .contains(Duration.ofMillis(1500));

    Execution tooLong =
        run(Discord.send("x".repeat(2001)), "discordWebhook", "hook", List.of(Item.of(Map.of())));
    assertThat(tooLong.error().orElseThrow()).hasMessageContaining("parameter 'content'");
  }

  @Test
  void telegram_sends_a_message_as_the_bot_api_documents() {
    api.stubFor(
        post(urlPathEqualTo("/bot123456:s3cret-Token/sendMessage"))
            .withRequestBody(
                equalToJson(
                    "{\"chat_id\": \"42\", \"text\": \"<b>Order 7</b>\", \"parse_mode\": \"HTML\", \"disable_notification\": true}"))
            .willReturn(
                okJson(
                    "{\"ok\": true, \"result\": {\"message_id\": 5, \"chat\": {\"id\": 42}, \"text\": \"Order 7\"}}")));
    Execution run =
        run(
            NodeDefinition.of(
                Telegram.type(),
                Map.of(
                    "chatId",
                    "42",
                    "text",
                    "<b>Order {{ $json.id }}</b>",
                    "parseMode",
                    "HTML",
                    "silent",
                    true)),
            "telegramApi",
            "bot",
            List.of(Item.of(Map.of("id", 7))));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("chat").getFirst().json())
        .isEqualTo(Map.of("messageId", 5, "chatId", 42));
  }

  @Test
  void telegram_typed_failures_never_show_the_token() {
    api.stubFor(
        post(urlPathEqualTo("/bot123456:s3cret-Token/sendMessage"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"ok\": false, \"error_code\": 401, \"description\": \"Unauthorized\"}")));
    Execution refused =
        run(Telegram.sendMessage("42", "x"), "telegramApi", "bot", List.of(Item.of(Map.of())));
    assertThat(refused.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("Unauthorized");
    assertThat(refused.error().orElseThrow().getMessage()).doesNotContain("s3cret");

    api.stubFor(
        post(urlPathEqualTo("/bot123456:s3cret-Token/sendMessage"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"ok\": false, \"error_code\": 429, \"description\": \"Too Many Requests: retry after 3\", \"parameters\": {\"retry_after\": 3}}")));
    Execution limited =
        run(Telegram.sendMessage("42", "x"), "telegramApi", "bot", List.of(Item.of(Map.of())));
    assertThat(((RetryableNodeException) limited.error().orElseThrow()).retryAfter())
        .contains(Duration.ofSeconds(3));
  }

  @Test
  void a_service_that_cannot_be_reached_fails_retryably() {
    api.stop();
    Execution run =
        run(Slack.postMessage("C1", "x"), "slackApi", "bot", List.of(Item.of(Map.of())));
    assertThat(run.error().orElseThrow())
        .isInstanceOf(RetryableNodeException.class)
        .hasMessageContaining("cannot be reached");
  }

  @Test
  void slack_uploads_a_file_by_the_external_upload_flow_streaming_it() throws Exception {
    byte[] content = "quarter,total\n4,99\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    dev.tyboo.spi.binary.BinaryRef ref =
        engine.binaryStore().write(new java.io.ByteArrayInputStream(content), "q4.csv", "text/csv");
    api.stubFor(
        get(urlPathEqualTo("/api/files.getUploadURLExternal"))
            .withHeader("Authorization", equalTo("Bearer xoxb-test"))
            .withQueryParam("filename", equalTo("q4.csv"))
            .withQueryParam("length", equalTo(Integer.toString(content.length)))
            .willReturn(
                okJson(
                    "{\"ok\": true, \"upload_url\": \""
                        + api.baseUrl()
                        + "/upload/v1/ABC123\", \"file_id\": \"F123ABC456\"}")));
    api.stubFor(
        post(urlPathEqualTo("/upload/v1/ABC123"))
            .withHeader("Authorization", absent())
            .willReturn(aResponse().withStatus(200).withBody("OK - " + content.length)));
    api.stubFor(
        post(urlPathEqualTo("/api/files.completeUploadExternal"))
            .withHeader("Authorization", equalTo("Bearer xoxb-test"))
            .withRequestBody(
                equalToJson(
                    "{\"files\": [{\"id\": \"F123ABC456\", \"title\": \"Q4 report\"}],"
                        + " \"channel_id\": \"C024BE91L\", \"initial_comment\": \"numbers\"}"))
            .willReturn(
                okJson(
                    "{\"ok\": true, \"files\": [{\"id\": \"F123ABC456\", \"title\": \"Q4 report\"}]}")));
    Execution run =
        run(
            NodeDefinition.of(
                Slack.type(),
                Map.of(
                    "operation", "uploadFile",
                    "channel", "C024BE91L",
                    "title", "Q4 report",
                    "text", "numbers")),
            "slackApi",
            "bot",
            List.of(Item.of(Map.of()).withBinary("data", ref)));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("chat").getFirst().json()).containsEntry("fileId", "F123ABC456");
    assertThat(
            api.findAll(
                    com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        urlPathEqualTo("/upload/v1/ABC123")))
                .getFirst()
                .getBody())
        .isEqualTo(content);
  }

  @Test
  void discord_posts_as_a_bot_with_a_nonce_the_same_on_every_attempt() throws Exception {
    String path = "/api/v10/channels/123456789012345678/messages";
    api.stubFor(
        post(urlPathEqualTo(path))
            .inScenario("retry")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("again"));
    api.stubFor(
        post(urlPathEqualTo(path))
            .inScenario("retry")
            .whenScenarioStateIs("again")
            .withHeader("Authorization", equalTo("Bot MTk4.bot-s3cret"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                    "$.enforce_nonce", equalTo("true")))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                    "$.allowed_mentions.parse.size()", equalTo("0")))
            .willReturn(okJson("{\"id\": \"1100\", \"channel_id\": \"123456789012345678\"}")));
    Execution run =
        engine.start(
            Workflow.named("chat")
                .node(
                    "chat",
                    NodeDefinition.of(
                        Discord.type(),
                        Map.of(
                            "content", "order {{ $json.id }}", "channelId", "123456789012345678")),
                    o ->
                        o.credential("discordBotApi", "bot")
                            .retry(
                                RetryPolicy.builder()
                                    .maxAttempts(2)
                                    .fixedDelay(Duration.ofMillis(10))
                                    .build()))
                .build(),
            List.of(Item.of(Map.of("id", 7))));
    run.await(Duration.ofSeconds(20));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("chat").getFirst().json()).containsEntry("id", "1100");
    List<String> nonces = new java.util.ArrayList<>();
    for (var request :
        api.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo(path)))) {
      nonces.add(
          (String)
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .readValue(request.getBody(), Map.class)
                  .get("nonce"));
    }
    assertThat(nonces).as("a 503, then the retry").hasSize(2);
    assertThat(nonces.get(0)).hasSize(25).isEqualTo(nonces.get(1));

    Execution bad =
        run(
            NodeDefinition.of(Discord.type(), Map.of("content", "x", "channelId", "../guilds")),
            "discordBotApi",
            "bot",
            List.of(Item.empty()));
    assertThat(bad.error().orElseThrow()).hasMessageContaining("parameter 'channelId'");
  }
}

package dev.tyboo.nodes.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.nodes.chat.SlackTrigger;
import dev.tyboo.nodes.chat.TelegramTrigger;
import dev.tyboo.nodes.github.GitHubTrigger;
import dev.tyboo.workflow.InlineNode;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slack, GitHub and Telegram webhook triggers through the dispatcher, with requests signed as each
 * service documents: a good signature starts one execution per event however often it is delivered;
 * a wrong, missing or stale one is refused with 401 and starts nothing.
 */
@SuppressWarnings("unchecked")
class WebhookTriggersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Engine engine =
      Engine.builder().discoverNodeTypes(WebhookTriggersTest.class.getClassLoader()).build();
  private final WebhookDispatcher webhooks =
      WebhookDispatcher.builder(engine)
          .secret("slack-signing", "8f742231b10e8888abcd99yyyzzz85a5")
          .secret("github-hook", "It's a Secret to Everybody")
          .secret("telegram-token", "tele_Gram-42")
          .maxBodyBytes(4096)
          .build();
  private final BlockingQueue<Item> caught = new LinkedBlockingQueue<>();

  @AfterEach
  void close() {
    webhooks.close();
    engine.close();
  }

  private void register(String name, NodeDefinition trigger) {
    webhooks.register(
        Workflow.named(name)
            .node("trigger", trigger)
            .node(
                "next",
                InlineNode.of(
                    ctx -> {
                      caught.addAll(ctx.input());
                      return NodeResult.of(ctx.input());
                    }))
            .connect("trigger", "next")
            .build());
  }

  private WebhookResponse send(String path, Map<String, String> headers, String body)
      throws Exception {
    WebhookRequest.Builder request =
        WebhookRequest.builder("POST", path).body("application/json", body);
    headers.forEach(request::header);
    return webhooks.dispatch(request.build()).get(20, TimeUnit.SECONDS);
  }

  private static Map<String, Object> json(WebhookResponse response) throws Exception {
    return JSON.readValue(response.body(), Map.class);
  }

  private static String hmac(String secret, String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
  }

  private Item next() throws InterruptedException {
    Item item = caught.poll(10, TimeUnit.SECONDS);
    assertThat(item).as("an execution ran").isNotNull();
    return item;
  }

  // --- Slack ---

  private static Map<String, String> slackHeaders(String body, long timestamp) throws Exception {
    return Map.of(
        "X-Slack-Request-Timestamp",
        Long.toString(timestamp),
        "X-Slack-Signature",
        "v0=" + hmac("8f742231b10e8888abcd99yyyzzz85a5", "v0:" + timestamp + ":" + body));
  }

  @Test
  void slack_events_start_one_execution_per_event_id_and_retries_get_the_same_execution()
      throws Exception {
    register("slack", SlackTrigger.on("slack/events", "slack-signing", "app_mention"));
    String body =
        "{\"token\":\"x\",\"team_id\":\"T061EG9R6\",\"type\":\"event_callback\","
            + "\"event_id\":\"Ev0PV52K21\",\"event_time\":1515449522,"
            + "\"event\":{\"type\":\"app_mention\",\"user\":\"U061F7AUR\","
            + "\"text\":\"<@U0LAN0Z89> is it everything?\",\"channel\":\"C0LAN2Q65\"}}";
    long now = System.currentTimeMillis() / 1000;

    WebhookResponse first = send("slack/events", slackHeaders(body, now), body);
    assertThat(first.status()).as(first.bodyText()).isEqualTo(200);
    Map<String, Object> item = next().json();
    assertThat(item).containsEntry("event_id", "Ev0PV52K21").containsEntry("team_id", "T061EG9R6");
    assertThat((Map<String, Object>) item.get("event"))
        .containsEntry("text", "<@U0LAN0Z89> is it everything?");

    // Slack retries when an answer is late: same event_id, a new timestamp and signature
    Map<String, String> retry = new java.util.HashMap<>(slackHeaders(body, now + 1));
    retry.put("X-Slack-Retry-Num", "1");
    WebhookResponse again = send("slack/events", retry, body);
    assertThat(again.status()).isEqualTo(200);
    assertThat(json(again).get("executionId")).isEqualTo(json(first).get("executionId"));
    assertThat(caught.poll(300, TimeUnit.MILLISECONDS)).as("no second execution").isNull();
  }

  @Test
  void slack_url_verification_is_answered_with_its_challenge_and_other_events_are_dropped()
      throws Exception {
    register("slack", SlackTrigger.on("slack/events", "slack-signing", "app_mention"));
    long now = System.currentTimeMillis() / 1000;
    String check =
        "{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
            + "\"type\":\"url_verification\"}";
    WebhookResponse challenge = send("slack/events", slackHeaders(check, now), check);
    assertThat(challenge.status()).isEqualTo(200);
    assertThat(json(challenge))
        .isEqualTo(Map.of("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));

    String reaction =
        "{\"type\":\"event_callback\",\"event_id\":\"Ev2\","
            + "\"event\":{\"type\":\"reaction_added\"}}";
    WebhookResponse dropped = send("slack/events", slackHeaders(reaction, now), reaction);
    assertThat(dropped.status()).isEqualTo(200);
    assertThat(json(dropped)).containsKey("ignored");
    assertThat(caught.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void slack_refuses_a_wrong_signature_a_stale_timestamp_and_a_missing_header() throws Exception {
    register("slack", SlackTrigger.on("slack/events", "slack-signing"));
    String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev3\",\"event\":{\"type\":\"x\"}}";
    long now = System.currentTimeMillis() / 1000;

    Map<String, String> tampered = slackHeaders(body, now);
    WebhookResponse wrongBody = send("slack/events", tampered, body.replace("Ev3", "Ev4"));
    assertThat(wrongBody.status()).isEqualTo(401);
    // a request captured ten minutes ago, correctly signed then, is not replayable now
    WebhookResponse stale = send("slack/events", slackHeaders(body, now - 600), body);
    assertThat(stale.status()).isEqualTo(401);
    assertThat(stale.bodyText()).contains("timestamp").doesNotContain("8f742231");
    WebhookResponse unsigned = send("slack/events", Map.of(), body);
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(caught.poll(300, TimeUnit.MILLISECONDS)).isNull();

    String notJson = "not json";
    assertThat(send("slack/events", slackHeaders(notJson, now), notJson).status()).isEqualTo(400);
  }

  // --- GitHub ---

  private static Map<String, String> githubHeaders(String event, String delivery, String body)
      throws Exception {
    return Map.of(
        "X-GitHub-Event",
        event,
        "X-GitHub-Delivery",
        delivery,
        "X-Hub-Signature-256",
        "sha256=" + hmac("It's a Secret to Everybody", body),
        "User-Agent",
        "GitHub-Hookshot/044aadd");
  }

  @Test
  void github_deliveries_are_checked_and_a_redelivery_starts_nothing_new() throws Exception {
    register("github", GitHubTrigger.on("github/events", "github-hook", "issues"));
    String body =
        "{\"action\":\"opened\",\"issue\":{\"number\":1347,\"title\":\"Found a bug\"},"
            + "\"repository\":{\"full_name\":\"octocat/Hello-World\"}}";
    String delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    WebhookResponse first = send("github/events", githubHeaders("issues", delivery, body), body);
    assertThat(first.status()).as(first.bodyText()).isEqualTo(200);
    Map<String, Object> item = next().json();
    assertThat(item)
        .containsEntry("event", "issues")
        .containsEntry("deliveryId", delivery)
        .containsEntry("action", "opened");
    assertThat((Map<String, Object>) item.get("payload")).containsKey("issue");

    WebhookResponse redelivered =
        send("github/events", githubHeaders("issues", delivery, body), body);
    assertThat(json(redelivered).get("executionId")).isEqualTo(json(first).get("executionId"));
    assertThat(caught.poll(300, TimeUnit.MILLISECONDS)).isNull();

    // ping is answered; an event not listed is dropped; a body signed with another key refused
    assertThat(send("github/events", githubHeaders("ping", "d2", "{}"), "{}").status())
        .isEqualTo(200);
    String push = "{\"ref\":\"refs/heads/main\"}";
    assertThat(json(send("github/events", githubHeaders("push", "d3", push), push)))
        .containsKey("ignored");
    Map<String, String> forged = new java.util.HashMap<>(githubHeaders("issues", "d4", body));
    forged.put("X-Hub-Signature-256", "sha256=" + hmac("guess", body));
    assertThat(send("github/events", forged, body).status()).isEqualTo(401);
    forged.remove("X-Hub-Signature-256");
    assertThat(send("github/events", forged, body).status()).isEqualTo(401);
    assertThat(caught.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  // --- Telegram ---

  @Test
  void telegram_updates_need_the_secret_token_and_are_deduplicated_by_update_id() throws Exception {
    register("telegram", TelegramTrigger.on("telegram/updates", "telegram-token", "message"));
    String update =
        "{\"update_id\":10000,\"message\":{\"message_id\":1365,\"date\":1441645532,"
            + "\"chat\":{\"id\":1111111,\"type\":\"private\"},\"text\":\"/start\"}}";
    Map<String, String> token = Map.of("X-Telegram-Bot-Api-Secret-Token", "tele_Gram-42");

    WebhookResponse first = send("telegram/updates", token, update);
    assertThat(first.status()).as(first.bodyText()).isEqualTo(200);
    assertThat(next().json()).containsEntry("update_id", 10000).containsKey("message");
    WebhookResponse again = send("telegram/updates", token, update);
    assertThat(json(again).get("executionId")).isEqualTo(json(first).get("executionId"));

    String callback = "{\"update_id\":10001,\"callback_query\":{\"id\":\"4382\"}}";
    assertThat(json(send("telegram/updates", token, callback))).containsKey("ignored");
    assertThat(
            send(
                    "telegram/updates",
                    Map.of("X-Telegram-Bot-Api-Secret-Token", "tele_Gram-43"),
                    update.replace("10000", "10002"))
                .status())
        .isEqualTo(401);
    assertThat(send("telegram/updates", Map.of(), update).status()).isEqualTo(401);
    assertThat(send("telegram/updates", token, "{\"message\":{}}").status()).isEqualTo(400);
    assertThat(caught.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  // --- registration ---

  @Test
  void registration_needs_a_secret_the_dispatcher_holds_and_literal_parameters() {
    assertThatThrownBy(() -> register("x", SlackTrigger.on("slack/x", "unknown")))
        .isInstanceOf(WebhookRegistrationException.class)
        .hasMessageContaining("'unknown'");
    assertThatThrownBy(
            () -> register("y", GitHubTrigger.on("github/{{ $json.repo }}", "github-hook")))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("path");
    assertThatThrownBy(() -> register("z", TelegramTrigger.on("bad path!", "telegram-token")))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("segment 'bad path!'");
    register("slack", SlackTrigger.on("hooks/one", "slack-signing"));
    assertThatThrownBy(() -> register("github", GitHubTrigger.on("hooks/one", "github-hook")))
        .isInstanceOf(WebhookRegistrationException.class)
        .hasMessageContaining("taken by workflow 'slack'");
  }

  @Test
  void a_body_over_the_dispatcher_limit_is_refused_before_any_check() throws Exception {
    register("github", GitHubTrigger.on("github/events", "github-hook"));
    String big = "{\"a\":\"" + "x".repeat(5000) + "\"}";
    WebhookResponse r = send("github/events", githubHeaders("issues", "d9", big), big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(caught.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }
}

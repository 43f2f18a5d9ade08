package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.nodes.CoreNodes;
import dev.tyboo.nodes.data.EditFields;
import dev.tyboo.nodes.github.GitHubTrigger;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.webhook.RespondToWebhook;
import dev.tyboo.nodes.webhook.Webhook;
import dev.tyboo.nodes.webhook.WebhookDispatcher;
import dev.tyboo.nodes.webhook.WebhookRequest;
import dev.tyboo.nodes.webhook.WebhookResponse;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Webhooks answered by a durable engine on each database: every answer mode. */
class WebhookOnDatabaseTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void every_answer_mode_works_on_durable_storage(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      EngineBuilder b =
          Engine.builder()
              .storage(JdbcStorage.create(db.dataSource()))
              .durableOptions(DurableOptions.builder().pollInterval(Duration.ofMillis(20)).build());
      CoreNodes.all().forEach(b::nodeType);
      try (Engine engine = b.build();
          WebhookDispatcher webhooks = WebhookDispatcher.builder(engine).build()) {
        webhooks.register(
            Workflow.named("price")
                .node(
                    "in",
                    Webhook.builder("price").responseMode(Webhook.ResponseMode.LAST_NODE).build())
                .node(
                    "calc",
                    EditFields.builder()
                        .set("total", "{{ $json.body.qty * 2 }}")
                        .keepOnlySet()
                        .build())
                .connect("in", "calc")
                .build());
        webhooks.register(
            Workflow.named("ack")
                .node(
                    "in",
                    Webhook.builder("ack").responseMode(Webhook.ResponseMode.RESPONSE_NODE).build())
                .node("answer", RespondToWebhook.json(202, Map.of("queued", "{{ $json.body.id }}")))
                .node("after", NoOp.node())
                .connect("in", "answer")
                .connect("answer", "after")
                .build());
        webhooks.register(
            Workflow.named("fire")
                .node("in", Webhook.builder("fire").build())
                .node("after", NoOp.node())
                .connect("in", "after")
                .build());

        WebhookResponse price = send(webhooks, "price", "{\"qty\": 21}");
        WebhookResponse ack = send(webhooks, "ack", "{\"id\": \"o-7\"}");
        WebhookResponse fire = send(webhooks, "fire", "{}");

        assertThat(price.status()).as(price.bodyText()).isEqualTo(200);
        assertThat(JSON.readValue(price.body(), Map.class)).isEqualTo(Map.of("total", 42));
        assertThat(ack.status()).as(ack.bodyText()).isEqualTo(202);
        assertThat(JSON.readValue(ack.body(), Map.class)).isEqualTo(Map.of("queued", "o-7"));
        assertThat(fire.status()).isEqualTo(200);
        String id = (String) JSON.readValue(fire.body(), Map.class).get("executionId");
        assertThat(db.query("SELECT COUNT(*) FROM tyboo_execution WHERE id = '" + id + "'"))
            .isEqualTo(1);
      }
    }
  }

  /**
   * GitHub redelivers a delivery whose answer it did not get (the process that stored its execution
   * died before answering); another process on the same database answers with the execution already
   * stored, and nothing runs twice.
   */
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_signed_delivery_redelivered_to_another_process_starts_nothing_new(Dialect dialect)
      throws Exception {
    String body = "{\"action\": \"opened\", \"issue\": {\"number\": 7}}";
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            "hook-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        "sha256="
            + java.util.HexFormat.of()
                .formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Workflow workflow =
        Workflow.named("issues")
            .node("github", GitHubTrigger.on("github/events", "hook", "issues"))
            .node("after", NoOp.node())
            .connect("github", "after")
            .build();
    try (TestDatabase db = TestDatabase.create(dialect)) {
      String[] ids = new String[2];
      for (int process = 0; process < 2; process++) {
        EngineBuilder b =
            Engine.builder()
                .storage(JdbcStorage.create(db.dataSource()))
                .durableOptions(
                    DurableOptions.builder()
                        .workerId("process-" + process)
                        .pollInterval(Duration.ofMillis(20))
                        .build());
        CoreNodes.all().forEach(b::nodeType);
        try (Engine engine = b.build();
            WebhookDispatcher webhooks =
                WebhookDispatcher.builder(engine).secret("hook", "hook-secret").build()) {
          webhooks.register(workflow);
          WebhookResponse r =
              webhooks
                  .dispatch(
                      WebhookRequest.builder("POST", "github/events")
                          .header("X-GitHub-Event", "issues")
                          .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                          .header("X-Hub-Signature-256", signature)
                          .body("application/json", body)
                          .build())
                  .get(30, TimeUnit.SECONDS);
          assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
          ids[process] = (String) JSON.readValue(r.body(), Map.class).get("executionId");
        }
      }
      assertThat(ids[1])
          .as("the second process answers with the first one's execution")
          .isEqualTo(ids[0]);
      assertThat(db.query("SELECT COUNT(*) FROM tyboo_execution WHERE workflow_name = 'issues'"))
          .isEqualTo(1);
    }
  }

  private static WebhookResponse send(WebhookDispatcher webhooks, String path, String json)
      throws Exception {
    return webhooks
        .dispatch(WebhookRequest.builder("POST", path).body("application/json", json).build())
        .get(30, TimeUnit.SECONDS);
  }
}

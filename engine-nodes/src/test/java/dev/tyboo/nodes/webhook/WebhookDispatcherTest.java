package dev.tyboo.nodes.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.nodes.data.EditFields;
import dev.tyboo.nodes.logic.If;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.logic.StopAndError;
import dev.tyboo.nodes.trigger.ManualTrigger;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.testing.Eventually;
import dev.tyboo.workflow.InlineNode;
import dev.tyboo.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class WebhookDispatcherTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Engine engine =
      Engine.builder().discoverNodeTypes(WebhookDispatcherTest.class.getClassLoader()).build();
  private final WebhookDispatcher webhooks =
      WebhookDispatcher.builder(engine)
          .secret("token", "t0ken")
          .secret("login", "shop:pa55")
          .secret("signing", "k3y")
          .maxBodyBytes(1024)
          .maxBinaryBytes(4096)
          .responseTimeout(Duration.ofSeconds(10))
          .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private WebhookResponse send(WebhookRequest request) throws Exception {
    return webhooks.dispatch(request).get(20, TimeUnit.SECONDS);
  }

  private static Object body(WebhookResponse response) throws Exception {
    return JSON.readValue(response.body(), Object.class);
  }

  /** What catcher workflows received: workflow name and item, in arrival order. */
  private final java.util.concurrent.BlockingQueue<Map.Entry<String, Item>> caught =
      new java.util.concurrent.LinkedBlockingQueue<>();

  private Item caught(WebhookResponse onReceived) throws Exception {
    assertThat(onReceived.status()).as(onReceived.bodyText()).isEqualTo(200);
    assertThat(((Map<?, ?>) body(onReceived)).get("executionId")).isNotNull();
    return caughtEntry().getValue();
  }

  private Map.Entry<String, Item> caughtEntry() throws Exception {
    Map.Entry<String, Item> e = caught.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("an item reached the workflow").isNotNull();
    return e;
  }

  private Workflow catcher(String name, Webhook.Builder trigger) {
    return Workflow.named(name)
        .node("hook", trigger.build())
        .node(
            "next",
            InlineNode.of(
                ctx -> {
                  ctx.input().forEach(i -> caught.add(Map.entry(ctx.workflowName(), i)));
                  return NodeResult.of(ctx.input());
                }))
        .connect("hook", "next")
        .build();
  }

  @Test
  void on_received_answers_at_once_and_the_item_describes_the_request() throws Exception {
    webhooks.register(catcher("orders", Webhook.builder("shops/{shop}/orders")));

    WebhookResponse r =
        send(
            WebhookRequest.builder("post", "/shops/acme/orders/")
                .header("X-Request-Id", "r1")
                .query("dry", "true")
                .query("tag", "a")
                .query("tag", "b")
                .body("application/json", "{\"id\": 7, \"lines\": [1, 2.5]}")
                .build());

    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    Map<String, Object> item = caught(r).json();
    assertThat(item)
        .containsEntry("method", "POST")
        .containsEntry("path", "shops/acme/orders")
        .containsEntry("params", Map.of("shop", "acme"))
        .containsEntry("query", Map.of("dry", "true", "tag", List.of("a", "b")))
        .containsEntry("body", Map.of("id", 7, "lines", List.of(1, 2.5)));
    assertThat((Map<String, Object>) item.get("headers")).containsEntry("x-request-id", "r1");
  }

  @Test
  void last_node_answers_with_the_output_of_the_node_that_finished_last() throws Exception {
    Workflow wf =
        Workflow.named("quote")
            .node(
                "hook",
                Webhook.builder("quote")
                    .responseMode(Webhook.ResponseMode.LAST_NODE)
                    .responseCode(201)
                    .build())
            .node("price", EditFields.builder().set("price", "{{ $json.body.qty * 3 }}").build())
            .node("done", NoOp.node())
            .connect("hook", "price")
            .connect("price", "done")
            .build();
    webhooks.register(wf);

    WebhookResponse r =
        send(
            WebhookRequest.builder("POST", "quote")
                .body("application/json", "{\"qty\": 4}")
                .build());

    assertThat(r.status()).isEqualTo(201);
    assertThat(((Map<?, ?>) body(r)).get("price")).isEqualTo(12);
  }

  @Test
  void last_node_can_answer_with_all_items_and_reports_a_failure_as_500() throws Exception {
    webhooks.register(
        Workflow.named("all")
            .node(
                "hook",
                Webhook.builder("all")
                    .responseMode(Webhook.ResponseMode.LAST_NODE)
                    .respondWithAllItems()
                    .build())
            .node(
                "split",
                InlineNode.of(ctx -> NodeResult.of(Item.listOf(Map.of("n", 1), Map.of("n", 2)))))
            .connect("hook", "split")
            .build());
    webhooks.register(
        Workflow.named("broken")
            .node(
                "hook",
                Webhook.builder("broken").responseMode(Webhook.ResponseMode.LAST_NODE).build())
            .node("fail", StopAndError.withMessage("no stock for {{ $json.body.sku }}"))
            .connect("hook", "fail")
            .build());

    WebhookResponse all = send(WebhookRequest.builder("POST", "all").build());
    WebhookResponse broken =
        send(
            WebhookRequest.builder("POST", "broken")
                .body("application/json", "{\"sku\": \"X1\"}")
                .build());

    assertThat(body(all)).isEqualTo(List.of(Map.of("n", 1), Map.of("n", 2)));
    assertThat(broken.status()).isEqualTo(500);
    assertThat((Map<String, Object>) body(broken)).containsKey("executionId");
    assertThat(((Map<?, ?>) body(broken)).get("error").toString()).contains("no stock for X1");
  }

  @Test
  void a_respond_node_answers_while_the_execution_goes_on() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    webhooks.register(
        Workflow.named("accept")
            .node(
                "hook",
                Webhook.builder("accept").responseMode(Webhook.ResponseMode.RESPONSE_NODE).build())
            .node(
                "ack",
                RespondToWebhook.json(
                    202, Map.of("accepted", "{{ $json.body.id }}", "queue", "main")))
            .node(
                "slow",
                InlineNode.of(
                    ctx -> {
                      release.await(10, TimeUnit.SECONDS);
                      return NodeResult.of(ctx.input());
                    }))
            .connect("hook", "ack")
            .connect("ack", "slow")
            .build());

    WebhookResponse r =
        send(
            WebhookRequest.builder("POST", "accept")
                .body("application/json", "{\"id\": 9}")
                .build());

    assertThat(r.status()).isEqualTo(202);
    assertThat(body(r)).isEqualTo(Map.of("accepted", 9, "queue", "main"));
    assertThat(engine.activeExecutions()).isEqualTo(1); // still running 'slow'
    release.countDown();
  }

  @Test
  void a_respond_node_sets_status_headers_and_text_and_a_run_that_skips_it_gets_500()
      throws Exception {
    webhooks.register(
        Workflow.named("greet")
            .node(
                "hook",
                Webhook.builder("greet")
                    .method("GET")
                    .responseMode(Webhook.ResponseMode.RESPONSE_NODE)
                    .build())
            .node("known", If.condition("{{ $json.query.name != null }}"))
            .node(
                "hello",
                dev.tyboo.workflow.NodeDefinition.of(
                    RespondToWebhook.type(),
                    Map.of(
                        "respondWith", "text",
                        "responseBody", "hello {{ $json.query.name }}",
                        "responseHeaders", Map.of("Cache-Control", "no-store"))))
            .connect("hook", "known")
            .connect("known", "true", "hello")
            .build());

    WebhookResponse hello =
        send(WebhookRequest.builder("GET", "greet").query("name", "Ada").build());
    WebhookResponse nobody = send(WebhookRequest.builder("GET", "greet").build());

    assertThat(hello.status()).isEqualTo(200);
    assertThat(hello.bodyText()).isEqualTo("hello Ada");
    assertThat(hello.header("content-type")).startsWith("text/plain");
    assertThat(hello.header("cache-control")).isEqualTo("no-store");
    assertThat(nobody.status()).isEqualTo(500);
    assertThat(nobody.bodyText()).contains("without reaching a Respond to Webhook node");
  }

  @Test
  void unknown_paths_get_404_and_other_methods_405_with_allow() throws Exception {
    webhooks.register(catcher("orders", Webhook.builder("orders/{id}")));
    webhooks.register(catcher("special", Webhook.builder("orders/special").method("PUT")));

    WebhookResponse missing = send(WebhookRequest.builder("POST", "invoices").build());
    WebhookResponse wrongMethod = send(WebhookRequest.builder("DELETE", "orders/3").build());
    WebhookResponse literal = send(WebhookRequest.builder("PUT", "orders/special").build());
    WebhookResponse template = send(WebhookRequest.builder("POST", "orders/special").build());

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.bodyText()).contains("no webhook at 'invoices'");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("allow")).isEqualTo("POST");
    assertThat(literal.status()).isEqualTo(200);
    assertThat(template.status()).isEqualTo(200);
    // the two executions run concurrently: tell them apart by workflow, not by arrival order
    Map<String, Item> byWorkflow = new java.util.HashMap<>();
    for (int i = 0; i < 2; i++) {
      Map.Entry<String, Item> e = caughtEntry();
      byWorkflow.put(e.getKey(), e.getValue());
    }
    assertThat(byWorkflow).containsOnlyKeys("special", "orders");
    assertThat(byWorkflow.get("special").get("params")).isEqualTo(Map.of());
    assertThat(byWorkflow.get("orders").get("params")).isEqualTo(Map.of("id", "special"));
  }

  @Test
  void header_token_and_basic_authentication_refuse_wrong_credentials() throws Exception {
    webhooks.register(catcher("token", Webhook.builder("t").headerToken("X-Token", "token")));
    webhooks.register(catcher("basic", Webhook.builder("b").basicAuth("login")));

    assertThat(
            send(WebhookRequest.builder("POST", "t").header("x-token", "t0ken").build()).status())
        .isEqualTo(200);
    assertThat(send(WebhookRequest.builder("POST", "t").header("X-Token", "t0ke").build()).status())
        .isEqualTo(401);
    assertThat(send(WebhookRequest.builder("POST", "t").build()).status()).isEqualTo(401);

    String good = Base64.getEncoder().encodeToString("shop:pa55".getBytes(StandardCharsets.UTF_8));
    String bad = Base64.getEncoder().encodeToString("shop:guess".getBytes(StandardCharsets.UTF_8));
    assertThat(
            send(WebhookRequest.builder("POST", "b")
                    .header("Authorization", "Basic " + good)
                    .build())
                .status())
        .isEqualTo(200);
    WebhookResponse refused =
        send(WebhookRequest.builder("POST", "b").header("Authorization", "Basic " + bad).build());
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("www-authenticate")).startsWith("Basic realm=");
    assertThat(
            send(WebhookRequest.builder("POST", "b").header("Authorization", "Basic %%%").build())
                .status())
        .isEqualTo(401);
  }

  @Test
  void hmac_signatures_are_checked_over_the_raw_body_json_or_streamed() throws Exception {
    webhooks.register(catcher("signed", Webhook.builder("signed").hmac("signing")));
    String json = "{\"event\": \"paid\"}";
    byte[] pdf = new byte[3000];
    new java.util.Random(1).nextBytes(pdf);

    WebhookResponse ok =
        send(
            WebhookRequest.builder("POST", "signed")
                .header(
                    "X-Signature-256",
                    "sha256=" + hmac("k3y", json.getBytes(StandardCharsets.UTF_8)))
                .body("application/json", json)
                .build());
    assertThat(caught(ok).get("body")).isEqualTo(Map.of("event", "paid")); // before the next run
    WebhookResponse tampered =
        send(
            WebhookRequest.builder("POST", "signed")
                .header(
                    "X-Signature-256",
                    "sha256=" + hmac("k3y", json.getBytes(StandardCharsets.UTF_8)))
                .body("application/json", "{\"event\": \"refunded\"}")
                .build());
    WebhookResponse binary =
        send(
            WebhookRequest.builder("POST", "signed")
                .header("X-Signature-256", hmac("k3y", pdf).toUpperCase())
                .header("Content-Type", "application/pdf")
                .body(new ByteArrayInputStream(pdf))
                .build());
    WebhookResponse badBinary =
        send(
            WebhookRequest.builder("POST", "signed")
                .header("X-Signature-256", hmac("wrong", pdf))
                .header("Content-Type", "application/pdf")
                .body(new ByteArrayInputStream(pdf))
                .build());

    assertThat(tampered.status()).isEqualTo(401);
    assertThat(badBinary.status()).isEqualTo(401);
    Item item = caught(binary);
    BinaryRef ref = item.binary().get("data");
    assertThat(ref.size()).isEqualTo(3000);
    assertThat(ref.mimeType()).isEqualTo("application/pdf");
    try (InputStream in = engine.binaryStore().open(ref)) {
      assertThat(in.readAllBytes()).isEqualTo(pdf);
    }
  }

  private static String hmac(String key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data));
  }

  @Test
  void form_text_and_bad_or_large_bodies() throws Exception {
    webhooks.register(catcher("in", Webhook.builder("in")));

    WebhookResponse form =
        send(
            WebhookRequest.builder("POST", "in")
                .body(
                    "application/x-www-form-urlencoded; charset=UTF-8",
                    "name=J%C3%BCrg&tag=a&tag=b+c&empty")
                .build());
    assertThat(caught(form).get("body")) // before the next run, which could overtake it
        .isEqualTo(Map.of("name", "Jürg", "tag", List.of("a", "b c"), "empty", ""));
    WebhookResponse text =
        send(WebhookRequest.builder("POST", "in").body("text/plain", "hi").build());
    assertThat(caught(text).get("body")).isEqualTo("hi");
    WebhookResponse malformed =
        send(WebhookRequest.builder("POST", "in").body("application/json", "{\"a\": ").build());
    WebhookResponse large =
        send(
            WebhookRequest.builder("POST", "in")
                .body("application/json", "[" + "1,".repeat(600) + "1]")
                .build());
    WebhookResponse largeBinary =
        send(
            WebhookRequest.builder("POST", "in")
                .header("Content-Type", "application/octet-stream")
                .body(new ByteArrayInputStream(new byte[5000]))
                .build());

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.bodyText()).contains("not valid JSON");
    assertThat(large.status()).isEqualTo(413);
    assertThat(largeBinary.status()).isEqualTo(413);
    assertThat(largeBinary.bodyText()).contains("larger than 4096 bytes");
  }

  @Test
  void a_slow_answer_gets_504_and_the_execution_goes_on() throws Exception {
    WebhookDispatcher impatient =
        WebhookDispatcher.builder(engine)
            .responseTimeout(Duration.ofMillis(200))
            .runOnRequestThread(false)
            .build();
    CountDownLatch release = new CountDownLatch(1);
    impatient.register(
        Workflow.named("slow")
            .node(
                "hook",
                Webhook.builder("slow").responseMode(Webhook.ResponseMode.LAST_NODE).build())
            .node(
                "wait",
                InlineNode.of(
                    ctx -> {
                      release.await(10, TimeUnit.SECONDS);
                      return NodeResult.of(ctx.input());
                    }))
            .connect("hook", "wait")
            .build());

    WebhookResponse r =
        impatient.dispatch(WebhookRequest.builder("POST", "slow").build()).get(5, TimeUnit.SECONDS);

    assertThat(r.status()).isEqualTo(504);
    assertThat(((Map<?, ?>) body(r)).get("executionId")).isNotNull();
    assertThat(engine.activeExecutions()).isEqualTo(1);
    release.countDown();
    Eventually.await(
        Duration.ofSeconds(10), () -> engine.activeExecutions() == 0, "the execution ended");
  }

  @Test
  void a_last_node_request_runs_its_workflow_on_the_requests_thread() throws Exception {
    WebhookDispatcher dispatcher =
        WebhookDispatcher.builder(engine).responseTimeout(Duration.ofMillis(200)).build();
    java.util.concurrent.atomic.AtomicReference<Thread> ranOn =
        new java.util.concurrent.atomic.AtomicReference<>();
    dispatcher.register(
        Workflow.named("here")
            .node(
                "hook",
                Webhook.builder("here").responseMode(Webhook.ResponseMode.LAST_NODE).build())
            .node(
                "slow",
                InlineNode.of(
                    ctx -> {
                      ranOn.set(Thread.currentThread());
                      Thread.sleep(400);
                      return NodeResult.of(List.of(Item.of(Map.of("done", true))));
                    }))
            .connect("hook", "slow")
            .build());

    CompletableFuture<WebhookResponse> answer =
        dispatcher.dispatch(WebhookRequest.builder("POST", "here").build());

    // dispatch returned with the answer: the node ran here, and its 400 ms were not cut at 200
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(answer).isDone();
    assertThat(answer.get().status()).isEqualTo(200);
    assertThat(body(answer.get())).isEqualTo(Map.of("done", true));
  }

  @Test
  void registration_refuses_workflows_it_cannot_serve_and_changes_nothing() {
    Workflow noHook = Workflow.named("x").node("a", NoOp.node()).build();
    Workflow twoTriggers =
        Workflow.named("two")
            .node("hook", Webhook.builder("two").build())
            .node("manual", ManualTrigger.node())
            .build();
    Workflow unknownSecret =
        Workflow.named("s").node("hook", Webhook.builder("s").hmac("nope").build()).build();
    Workflow noRespondNode =
        Workflow.named("r")
            .node(
                "hook",
                Webhook.builder("r").responseMode(Webhook.ResponseMode.RESPONSE_NODE).build())
            .build();
    Workflow unheardRespondNode =
        Workflow.named("u")
            .node("hook", Webhook.builder("u").build())
            .node("ack", RespondToWebhook.firstItem())
            .connect("hook", "ack")
            .build();

    assertThatThrownBy(() -> webhooks.register(noHook))
        .isInstanceOf(WebhookRegistrationException.class)
        .hasMessageContaining("has no Webhook node");
    assertThatThrownBy(() -> webhooks.register(twoTriggers))
        .hasMessageContaining("several triggers [hook, manual]");
    assertThatThrownBy(() -> webhooks.register(unknownSecret))
        .hasMessageContaining("secret 'nope'")
        .hasMessageContaining("[login, signing, token]");
    assertThatThrownBy(() -> webhooks.register(noRespondNode))
        .hasMessageContaining("the workflow has none");
    assertThatThrownBy(() -> webhooks.register(unheardRespondNode))
        .hasMessageContaining("set responseMode to 'responseNode'");

    webhooks.register(catcher("first", Webhook.builder("orders/{id}")));
    assertThatThrownBy(
            () -> webhooks.register(catcher("second", Webhook.builder("orders/{number}"))))
        .hasMessageContaining(
            "the route POST orders/{number} is taken by workflow 'first' (POST orders/{id})");
    assertThat(webhooks.register(catcher("first", Webhook.builder("orders/{id}/lines"))))
        .containsExactly("POST orders/{id}/lines");
    assertThat(webhooks.register(catcher("second", Webhook.builder("orders/{number}"))))
        .containsExactly("POST orders/{number}");
    assertThat(webhooks.unregister("second")).isTrue();
    assertThat(webhooks.unregister("second")).isFalse();
  }

  @Test
  void webhook_parameters_that_cannot_be_read_at_registration_fail_the_build_with_their_paths() {
    assertThatThrownBy(
            () ->
                engine.readWorkflow(
                    """
                    {"name": "bad", "nodes": [{"id": "hook", "type": "webhook", "parameters": {
                      "path": "orders/{{ $vars.shop }}", "authentication": "hmac", "responseCode": 99}}]}
                    """))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("$.nodes[0].parameters.path")
        .hasMessageContaining("must be a literal value")
        .hasMessageContaining("$.nodes[0].parameters.secret")
        .hasMessageContaining("$.nodes[0].parameters.responseCode");
    assertThatThrownBy(() -> engine.validate(catcher("bad", Webhook.builder("orders/{id}/x/{id}"))))
        .hasMessageContaining("names the parameter {id} twice");
    assertThatThrownBy(() -> engine.validate(catcher("bad", Webhook.builder("a b"))))
        .hasMessageContaining("segment 'a b'");
  }

  @Test
  void a_durable_engine_answers_last_node_requests_from_its_stored_result() throws Exception {
    try (Engine durable =
        Engine.builder()
            .discoverNodeTypes(WebhookDispatcherTest.class.getClassLoader())
            .storage(Storage.inMemory(Clock.system()))
            .build()) {
      WebhookDispatcher d = WebhookDispatcher.builder(durable).build();
      d.register(
          Workflow.named("durable")
              .node(
                  "hook", Webhook.builder("d").responseMode(Webhook.ResponseMode.LAST_NODE).build())
              .node("tag", EditFields.builder().set("seen", true).build())
              .connect("hook", "tag")
              .build());

      WebhookResponse r =
          d.dispatch(
                  WebhookRequest.builder("POST", "d")
                      .body("application/json", "{\"a\": 1}")
                      .build())
              .get(20, TimeUnit.SECONDS);

      assertThat(r.status()).isEqualTo(200);
      assertThat((Map<String, Object>) body(r))
          .containsEntry("seen", true)
          .containsEntry("body", Map.of("a", 1));
    }
  }
}

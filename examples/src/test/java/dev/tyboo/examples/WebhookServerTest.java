package dev.tyboo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.webhook.Webhook;
import dev.tyboo.nodes.webhook.WebhookDispatcher;
import dev.tyboo.workflow.Workflow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example webhook server, driven over real HTTP. */
class WebhookServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private Engine engine;
  private WebhookServer server;

  @BeforeEach
  void start() throws Exception {
    engine = Engine.builder().discoverNodeTypes(getClass().getClassLoader()).build();
    WebhookDispatcher dispatcher =
        WebhookDispatcher.builder(engine).secret("signing", "k3y").build();
    WebhookServer.demoWorkflows().forEach(dispatcher::register);
    dispatcher.register(
        Workflow.named("signed")
            .node("in", Webhook.builder("signed").hmac("signing").build())
            .node("done", NoOp.node())
            .connect("in", "done")
            .build());
    server = WebhookServer.start(dispatcher, 0);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PREFIX + path);
  }

  private HttpResponse<String> post(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), BodyHandlers.ofString());
  }

  @Test
  void post_to_a_webhook_runs_the_workflow_and_answers_with_its_result() throws Exception {
    HttpResponse<String> r = post("orders", "{\"sku\": \"A1\", \"qty\": 3}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    assertThat(JSON.readValue(r.body(), Map.class))
        .isEqualTo(Map.of("sku", "A1", "qty", 3, "total", 13.5));
  }

  @Test
  void many_concurrent_requests_each_get_their_own_answer() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> sent =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(
                i ->
                    http.sendAsync(
                        HttpRequest.newBuilder(uri("orders"))
                            .header("Content-Type", "application/json")
                            .POST(
                                BodyPublishers.ofString(
                                    "{\"sku\": \"S" + i + "\", \"qty\": " + i + "}"))
                            .build(),
                        BodyHandlers.ofString()))
            .toList();
    for (int i = 0; i < sent.size(); i++) {
      HttpResponse<String> r = sent.get(i).get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readValue(r.body(), Map.class)).containsEntry("sku", "S" + i);
    }
  }

  @Test
  void query_get_wrong_method_unknown_path_and_signatures_over_http() throws Exception {
    HttpResponse<String> ping =
        http.send(HttpRequest.newBuilder(uri("ping?x=1")).GET().build(), BodyHandlers.ofString());
    HttpResponse<String> wrongMethod =
        http.send(HttpRequest.newBuilder(uri("orders")).GET().build(), BodyHandlers.ofString());
    HttpResponse<String> unknown = post("nothing-here", "{}");
    String body = "{\"event\": \"paid\"}";
    HttpResponse<String> signed = post("signed", body, "X-Signature-256", "sha256=" + hmac(body));
    HttpResponse<String> forged = post("signed", body, "X-Signature-256", "sha256=" + hmac("{}"));

    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(JSON.readValue(ping.body(), Map.class)).containsKey("executionId");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).contains("POST");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(signed.statusCode()).isEqualTo(200);
    assertThat(forged.statusCode()).isEqualTo(401);
  }

  private static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("k3y".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}

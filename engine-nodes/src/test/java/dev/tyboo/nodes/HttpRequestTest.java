package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.http.HttpRequest;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP Request node against a real HTTP server on localhost (the JDK's). */
class HttpRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DOWNLOAD_BYTES = 8 * 1024 * 1024;

  private final Engine engine =
      Engine.builder().discoverNodeTypes(HttpRequestTest.class.getClassLoader()).build();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Map<String, String> seenHeaders = new ConcurrentHashMap<>();
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/echo", this::echo);
    server.createContext(
        "/list", x -> respond(x, 200, "application/json", "[{\"n\":1},{\"n\":2}]"));
    server.createContext(
        "/missing", x -> respond(x, 404, "application/json", "{\"error\":\"no such order\"}"));
    server.createContext(
        "/busy",
        x -> {
          x.getResponseHeaders().add("Retry-After", "7");
          respond(x, 503, "text/plain", "try later");
        });
    server.createContext("/file.bin", this::download);
    server.createContext(
        "/charge",
        x -> {
          keys.add(x.getRequestHeaders().getFirst("Idempotency-Key"));
          if (keys.size() == 1) {
            respond(x, 503, "text/plain", "try again");
          } else {
            respond(x, 200, "application/json", "{\"charged\": true}");
          }
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    engine.close();
  }

  private void echo(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(x.getRequestMethod() + " " + x.getRequestURI());
    x.getRequestHeaders().forEach((k, v) -> seenHeaders.put(k.toLowerCase(), String.join(",", v)));
    Map<String, Object> reply =
        Map.of(
            "method", x.getRequestMethod(),
            "query", String.valueOf(x.getRequestURI().getRawQuery()),
            "contentType", String.valueOf(x.getRequestHeaders().getFirst("Content-Type")),
            "body", body);
    respond(x, 200, "application/json", JSON.writeValueAsString(reply));
  }

  private void download(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Content-Type", "application/octet-stream");
    x.sendResponseHeaders(200, DOWNLOAD_BYTES);
    byte[] chunk = new byte[64 * 1024];
    Random r = new Random(42);
    try (OutputStream out = x.getResponseBody()) {
      for (int sent = 0; sent < DOWNLOAD_BYTES; sent += chunk.length) {
        r.nextBytes(chunk);
        out.write(chunk);
      }
    }
  }

  private static void respond(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Execution run(String workflowJson, List<Item> input) {
    Execution run = engine.start(engine.readWorkflow(workflowJson), input);
    run.await(Duration.ofSeconds(20));
    return run;
  }

  private static List<Map<String, Object>> main(Execution run, String node) {
    return run.nodeRuns().get(node).outputs().get("main").stream().map(Item::json).toList();
  }

  @Test
  void an_idempotency_key_is_the_same_on_every_attempt_of_an_item() {
    Execution run =
        run(
            """
            {"name": "pay", "nodes": [{"id": "charge", "type": "httpRequest", "parameters": {
              "method": "POST", "url": "%s/charge", "body": {"amount": 5}, "idempotencyKey": true},
              "retry": {"maxAttempts": 2, "initialDelay": "PT0.01S", "jitter": 0}}]}
            """
                .formatted(base),
            Item.listOf(Map.of("id", 1)));
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(keys).as("a 503, then the retry").hasSize(2);
    assertThat(keys.get(0))
        .isEqualTo(keys.get(1))
        .startsWith(run.id().value() + "/charge/")
        .endsWith("/0");
  }

  @Test
  void sends_one_request_per_item_with_query_headers_and_a_json_body() {
    Execution run =
        run(
            """
            {"name": "h", "nodes": [{"id": "call", "type": "httpRequest", "parameters": {
              "method": "POST", "url": "%s/echo",
              "query": {"order": "{{ $json.id }}", "q": "a b&c"},
              "headers": {"X-Api-Key": "secret-{{ $json.id }}"},
              "body": {"id": "{{ $json.id }}", "note": "hi"}}}]}
            """
                .formatted(base),
            Item.listOf(Map.of("id", 7), Map.of("id", 8)));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(seen)
        .containsExactly("POST /echo?order=7&q=a+b%26c", "POST /echo?order=8&q=a+b%26c");
    assertThat(seenHeaders).containsEntry("x-api-key", "secret-8");
    assertThat(main(run, "call"))
        .first()
        .satisfies(
            j -> {
              assertThat(j)
                  .containsEntry("method", "POST")
                  .containsEntry("contentType", "application/json");
              // a whole-value expression keeps its type: the id is sent as a number
              assertThat((String) j.get("body")).isEqualTo("{\"id\":7,\"note\":\"hi\"}");
            });
  }

  @Test
  void a_content_type_in_the_headers_wins_over_the_bodys_default() {
    Execution run =
        run(
            """
            {"name": "h", "nodes": [{"id": "call", "type": "httpRequest", "parameters": {
              "method": "POST", "url": "%s/echo", "headers": {"content-type": "text/csv"},
              "bodyType": "text", "body": "a,b"}}]}
            """
                .formatted(base),
            List.of(Item.empty()));

    assertThat(main(run, "call").get(0)).containsEntry("contentType", "text/csv");
  }

  @Test
  void a_json_array_becomes_one_item_per_element_and_full_response_keeps_status() {
    Workflow list = Workflow.named("l").node("get", HttpRequest.get(base + "/list")).build();
    Execution run = engine.start(list, List.of(Item.empty()));
    run.await(Duration.ofSeconds(10));
    assertThat(main(run, "get")).containsExactly(Map.of("n", 1), Map.of("n", 2));

    Execution full =
        run(
            """
            {"name": "f", "nodes": [{"id": "get", "type": "httpRequest", "parameters": {
              "url": "%s/list", "fullResponse": true}}]}
            """
                .formatted(base),
            List.of(Item.empty()));
    assertThat(main(full, "get"))
        .singleElement()
        .satisfies(j -> assertThat(j).containsEntry("statusCode", 200).containsKey("headers"));
  }

  @Test
  void error_responses_carry_status_headers_and_body_and_say_whether_to_retry() {
    Execution missing =
        engine.start(
            Workflow.named("m").node("get", HttpRequest.get(base + "/missing")).build(),
            List.of(Item.empty()));
    missing.await(Duration.ofSeconds(10));
    assertThat(missing.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("GET " + base + "/missing")
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("Content-Type: application/json")
        .hasMessageContaining("no such order");

    Execution busy =
        engine.start(
            Workflow.named("b").node("get", HttpRequest.get(base + "/busy")).build(),
            List.of(Item.empty()));
    busy.await(Duration.ofSeconds(10));
    assertThat(busy.error().orElseThrow())
        .isInstanceOfSatisfying(
            RetryableNodeException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)))
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining("try later");
  }

  @Test
  void streams_a_binary_download_into_the_binary_store() throws Exception {
    Execution run =
        run(
            """
            {"name": "d", "nodes": [{"id": "get", "type": "httpRequest", "parameters": {
              "url": "%s/file.bin", "responseFormat": "binary"}}]}
            """
                .formatted(base),
            List.of(Item.empty()));

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Item item = run.nodeRuns().get("get").outputs().get("main").get(0);
    assertThat(item.json()).containsEntry("fileName", "file.bin");
    assertThat(item.binary().get("data").size()).isEqualTo(DOWNLOAD_BYTES);
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[64 * 1024];
    Random r = new Random(42);
    for (int sent = 0; sent < DOWNLOAD_BYTES; sent += chunk.length) {
      r.nextBytes(chunk);
      expected.update(chunk);
    }
    MessageDigest actual = MessageDigest.getInstance("SHA-256");
    try (InputStream in = engine.binaryStore().open(item.binary().get("data"))) {
      actual.update(in.readAllBytes());
    }
    assertThat(HexFormat.of().formatHex(actual.digest()))
        .isEqualTo(HexFormat.of().formatHex(expected.digest()));
  }

  @Test
  void the_ssrf_guard_refuses_loopback_targets_and_bad_urls_are_named() {
    Execution guarded =
        run(
            """
            {"name": "g", "nodes": [{"id": "get", "type": "httpRequest", "parameters": {
              "url": "%s/echo", "blockPrivateNetworks": true}}]}
            """
                .formatted(base),
            List.of(Item.empty()));
    assertThat(guarded.error().orElseThrow().getMessage())
        .contains("127.0.0.1")
        .contains("network policy");
    assertThat(seen).isEmpty();

    Execution bad =
        run(
            """
            {"name": "u", "nodes": [{"id": "get", "type": "httpRequest", "parameters": {
              "url": "ftp://example.org/x"}}]}
            """,
            List.of(Item.empty()));
    assertThat(bad.error().orElseThrow().getMessage()).contains("'url'").contains("ftp://");
  }
}

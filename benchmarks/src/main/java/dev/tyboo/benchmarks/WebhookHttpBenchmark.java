package dev.tyboo.benchmarks;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.examples.WebhookServer;
import dev.tyboo.nodes.CoreNodes;
import dev.tyboo.nodes.webhook.Webhook;
import dev.tyboo.nodes.webhook.WebhookDispatcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link WebhookBenchmark}'s request over loopback HTTP: the examples' {@link WebhookServer} (the
 * JDK's {@code HttpServer}, a virtual thread per request) in front of the dispatcher, and a client
 * that sends the request and reads the answer over one kept-alive HTTP/1.1 connection: the JDK's
 * {@code HttpClient}, or a plain blocking socket that writes the request's bytes and reads the
 * answer by its {@code Content-Length} (the client's own hand-offs left out). Sampled, so that p50
 * and p99 are reported. {@code ping} is the baseline: the same round trip to a handler on the same
 * kind of server that reads the body and answers the same JSON without a dispatcher or an engine.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class WebhookHttpBenchmark {

  private static final String BODY =
      "{\"orderId\": 42, \"total\": 120.5, \"customer\": {\"email\": \"ana@example.com\"}}";

  /** Whether the request's thread runs the workflow (the default) or hands it to the engine. */
  @Param({"true", "false"})
  public boolean onRequestThread;

  /** {@code socket}: a blocking socket; {@code httpClient}: the JDK's HttpClient. */
  @Param({"socket", "httpClient"})
  public String client;

  private static final String ANSWER =
      "{\"orderId\":42,\"total\":120.5,\"customer\":{\"email\":\"ana@example.com\"}}";

  private Engine engine;
  private WebhookServer server;
  private com.sun.net.httpserver.HttpServer bare;
  private HttpClient httpClient;
  private RawHttpClient webhookSocket;
  private RawHttpClient pingSocket;
  private HttpRequest webhook;
  private HttpRequest ping;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    EngineBuilder b = Engine.builder();
    CoreNodes.all().forEach(b::nodeType);
    engine = b.build();
    WebhookDispatcher webhooks =
        WebhookDispatcher.builder(engine).runOnRequestThread(onRequestThread).build();
    webhooks.register(WebhookBenchmark.workflow("last", Webhook.ResponseMode.LAST_NODE));
    server = WebhookServer.start(webhooks, 0);
    bare =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 128);
    bare.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    bare.createContext(
        "/ping",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .put("Content-Type", java.util.List.of("application/json"));
            exchange.sendResponseHeaders(200, body.length);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    bare.start();
    httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    webhookSocket = new RawHttpClient(server.port(), "POST", WebhookServer.PREFIX + "last", BODY);
    pingSocket = new RawHttpClient(bare.getAddress().getPort(), "POST", "/ping", BODY);
    webhook =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PREFIX + "last"))
            .header("Content-Type", "application/json")
            .header("X-Request-Id", "r-1")
            .POST(HttpRequest.BodyPublishers.ofString(BODY, StandardCharsets.UTF_8))
            .build();
    ping =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bare.getAddress().getPort() + "/ping"))
            .POST(HttpRequest.BodyPublishers.ofString(BODY, StandardCharsets.UTF_8))
            .build();
    String answer = lastNode();
    if (!answer.contains("ana@example.com")) {
      throw new IllegalStateException("the webhook answered " + answer);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    httpClient.close();
    webhookSocket.close();
    pingSocket.close();
    server.close();
    bare.stop(0);
    engine.close();
  }

  /** Request over HTTP, the last No-Op's item back as JSON. */
  @Benchmark
  public String lastNode() {
    return client.equals("socket") ? webhookSocket.send() : send(webhook);
  }

  /** The same round trip to a handler that does nothing (the HTTP floor). */
  @Benchmark
  public String ping() {
    return client.equals("socket") ? pingSocket.send() : send(ping);
  }

  private String send(HttpRequest request) {
    try {
      HttpResponse<String> r = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.tyboo.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.data.EditFields;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.webhook.Webhook;
import dev.tyboo.nodes.webhook.WebhookDispatcher;
import dev.tyboo.nodes.webhook.WebhookRequest;
import dev.tyboo.nodes.webhook.WebhookResponse;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook server on the JDK's {@code HttpServer}: every request under {@value #PREFIX} goes to a
 * {@link WebhookDispatcher}, which starts the workflow registered for its path. About forty lines
 * of glue; any other HTTP layer (servlet, Spring, Javalin) looks the same.
 *
 * <pre>
 * ./mvnw -pl examples -am compile exec:java -Dexample=dev.tyboo.examples.WebhookServer
 * curl -X POST localhost:8080/api/v1/webhook/orders -H 'Content-Type: application/json' \
 *      -d '{"sku": "A1", "qty": 3}'
 * </pre>
 */
public final class WebhookServer implements AutoCloseable {

  /** The path prefix of webhooks; the rest of the path selects the workflow. */
  public static final String PREFIX = "/api/v1/webhook/";

  private final HttpServer server;
  private final ExecutorService threads;

  private WebhookServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Starts serving.
   *
   * @param dispatcher where requests go
   * @param port the TCP port, 0 for any free one
   * @return the running server
   * @throws IOException when the port cannot be bound
   */
  public static WebhookServer start(WebhookDispatcher dispatcher, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(threads);
    server.createContext(PREFIX, exchange -> handle(dispatcher, exchange));
    server.start();
    return new WebhookServer(server, threads);
  }

  private static void handle(WebhookDispatcher dispatcher, HttpExchange exchange)
      throws IOException {
    try (exchange) {
      WebhookRequest request =
          new WebhookRequest(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath().substring(PREFIX.length()),
              exchange.getRequestHeaders(),
              query(exchange.getRequestURI().getRawQuery()),
              exchange.getRequestBody());
      WebhookResponse response = dispatcher.dispatch(request).join();
      response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          String name =
              URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          String value =
              eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
          query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
      }
    }
    return query;
  }

  /** {@return the port it listens on} */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests and waits up to a second for the ones in flight. */
  @Override
  public void close() {
    server.stop(1);
    threads.close();
  }

  /**
   * {@return the demo's workflows: {@code orders} prices an order and answers with it when done;
   * {@code ping} answers at once}
   */
  public static List<Workflow> demoWorkflows() {
    return List.of(
        Workflow.named("orders")
            .node(
                "order",
                Webhook.builder("orders").responseMode(Webhook.ResponseMode.LAST_NODE).build())
            .node(
                "price",
                EditFields.builder()
                    .set("sku", "{{ $json.body.sku }}")
                    .set("qty", "{{ $json.body.qty }}")
                    .set("total", "{{ $json.body.qty * 4.5 }}")
                    .keepOnlySet()
                    .build())
            .connect("order", "price")
            .build(),
        Workflow.named("ping")
            .node("ping", Webhook.builder("ping").method("GET").build())
            .node("done", NoOp.node())
            .connect("ping", "done")
            .build());
  }

  /**
   * Runs the demo server until the process is stopped.
   *
   * @param args an optional port (8080 by default)
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    Engine engine =
        Engine.builder().discoverNodeTypes(WebhookServer.class.getClassLoader()).build();
    WebhookDispatcher dispatcher = WebhookDispatcher.builder(engine).build();
    demoWorkflows().forEach(dispatcher::register);
    WebhookServer server = start(dispatcher, port);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  engine.close();
                }));
    System.out.println("Webhooks on http://127.0.0.1:" + server.port() + PREFIX + "{orders,ping}");
    System.out.println(
        "  curl -X POST http://127.0.0.1:"
            + server.port()
            + PREFIX
            + "orders -H 'Content-Type: application/json' -d '{\"sku\": \"A1\", \"qty\": 3}'");
    Thread.currentThread().join();
  }
}

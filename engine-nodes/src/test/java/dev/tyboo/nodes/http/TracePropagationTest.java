package dev.tyboo.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.webhook.Webhook;
import dev.tyboo.nodes.webhook.WebhookDispatcher;
import dev.tyboo.nodes.webhook.WebhookRequest;
import dev.tyboo.nodes.webhook.WebhookResponse;
import dev.tyboo.telemetry.OpenTelemetryTelemetry;
import dev.tyboo.workflow.Workflow;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context end to end: a webhook request's {@code traceparent} starts the execution's
 * trace, and the HTTP Request node sends its own span's {@code traceparent} to the service it
 * calls.
 */
class TracePropagationTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer downstream;
  private Engine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    if (downstream != null) {
      downstream.stop(0);
    }
    otel.close();
  }

  @Test
  void a_webhooks_trace_continues_through_the_execution_into_the_called_service() throws Exception {
    downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    downstream.createContext(
        "/stock",
        exchange -> {
          received.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
          byte[] body = "{\"inStock\":true}".getBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    downstream.start();
    String url = "http://127.0.0.1:" + downstream.getAddress().getPort() + "/stock";
    engine =
        Engine.builder()
            .discoverNodeTypes(getClass().getClassLoader())
            .telemetry(OpenTelemetryTelemetry.create(otel))
            .build();
    WebhookDispatcher webhooks = WebhookDispatcher.builder(engine).build();
    webhooks.register(
        Workflow.named("orders")
            .node("hook", Webhook.builder("orders").build())
            .node("stock", HttpRequest.get(url))
            .connect("hook", "stock")
            .build());

    WebhookResponse response =
        webhooks
            .dispatch(
                WebhookRequest.builder("POST", "orders")
                    .header("Traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                    .build())
            .get(20, TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (spans.getFinishedSpanItems().stream().noneMatch(s -> s.getName().startsWith("execution"))
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    SpanData execution = span("execution orders");
    SpanData call = span("node stock");
    assertThat(execution.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(execution.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(call.getParentSpanId()).isEqualTo(execution.getSpanId());
    assertThat(received).containsExactly("00-" + TRACE_ID + "-" + call.getSpanId() + "-01");
  }

  private SpanData span(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name));
  }
}

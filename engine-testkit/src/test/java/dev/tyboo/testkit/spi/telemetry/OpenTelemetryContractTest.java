package dev.tyboo.testkit.spi.telemetry;

import dev.tyboo.spi.telemetry.Telemetry;
import dev.tyboo.telemetry.OpenTelemetryTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** {@link OpenTelemetryTelemetry} on the SDK meets the telemetry contract. */
class OpenTelemetryContractTest extends TelemetryContract {

  @Override
  protected Telemetry createTelemetry() {
    return OpenTelemetryTelemetry.create(
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());
  }
}

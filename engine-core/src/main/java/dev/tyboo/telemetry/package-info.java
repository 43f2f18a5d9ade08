/**
 * OpenTelemetry for the engine: {@link dev.tyboo.telemetry.OpenTelemetryTelemetry} turns every run
 * of an execution into a span with a child span per node attempt, and records the engine's metrics.
 * The OpenTelemetry API is an optional dependency of engine-core: a host that wants this adds
 * {@code io.opentelemetry:opentelemetry-api}; nothing here is loaded otherwise.
 */
package dev.tyboo.telemetry;

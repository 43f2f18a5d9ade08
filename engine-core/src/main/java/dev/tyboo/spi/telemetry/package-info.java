/**
 * Where traces (and the metrics drawn from them) go: {@link dev.tyboo.spi.telemetry.Telemetry} is
 * told, on the threads that do the work, when an execution's run and each node attempt start and
 * end. {@code dev.tyboo.telemetry.OpenTelemetryTelemetry} implements it on the OpenTelemetry API,
 * an optional dependency; without telemetry the engine makes no calls at all.
 */
package dev.tyboo.spi.telemetry;

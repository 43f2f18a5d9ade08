package dev.tyboo.spi.telemetry;

import dev.tyboo.execution.NodeRunStatus;
import java.time.Instant;
import java.util.Map;

/** One node attempt, as a {@link Telemetry} follows it. */
public interface NodeTrace {

  /**
   * {@return the W3C trace-context headers ({@code traceparent}, {@code tracestate}) that the node
   * passes on to the services it calls, so their spans join this attempt's; empty when none}
   */
  Map<String, String> headers();

  /**
   * The attempt ends.
   *
   * @param status {@code SUCCEEDED}, {@code FAILED} (see {@code willRetry}), {@code WAITING} or
   *     {@code CANCELLED}
   * @param itemsOut how many items it emitted (every output port)
   * @param error its failure, or {@code null}
   * @param willRetry whether another attempt follows this failed one
   * @param at when
   */
  void ended(NodeRunStatus status, int itemsOut, Throwable error, boolean willRetry, Instant at);
}

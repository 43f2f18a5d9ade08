package dev.tyboo.spi.telemetry;

import dev.tyboo.execution.ExecutionStatus;
import java.time.Instant;

/**
 * One run of an execution, as a {@link Telemetry} follows it. Thread-safe: branches run at once.
 */
public interface ExecutionTrace {

  /**
   * A node attempt begins, on the thread that runs it.
   *
   * @param nodeId the node
   * @param nodeType its type
   * @param attempt the attempt, from 1
   * @param itemsIn how many items it was given (every input port)
   * @param at when
   * @return where its end is reported
   */
  NodeTrace nodeStarted(String nodeId, String nodeType, int attempt, int itemsIn, Instant at);

  /**
   * The run ends: the execution has ended ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}),
   * waits without a thread ({@code WAITING}), or this process let it go ({@code RUNNING}: the lease
   * was lost or the engine stopped, and another run carries on).
   *
   * @param status the execution's status as this run leaves it
   * @param error the failure that ended it, or {@code null}
   * @param at when
   */
  void ended(ExecutionStatus status, Throwable error, Instant at);
}

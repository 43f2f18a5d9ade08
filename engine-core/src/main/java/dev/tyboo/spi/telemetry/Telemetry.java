package dev.tyboo.spi.telemetry;

/**
 * Observes executions while they run, for tracing and metrics. The engine calls {@link
 * #executionStarted} when a run of an execution begins in this process (a durable execution that
 * waited, or was taken over after a crash, begins another run), then the returned trace for each
 * node attempt. Calls come from the threads that run the execution: an implementation may make its
 * span current there, must be thread-safe, must return quickly and must not throw.
 */
public interface Telemetry {

  /**
   * A run of an execution begins.
   *
   * @param execution what is known about it
   * @return where its node attempts and its end are reported
   */
  ExecutionTrace executionStarted(ExecutionTraceInfo execution);
}

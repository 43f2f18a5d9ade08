package dev.tyboo.execution;

/**
 * Receives every {@link ExecutionEvent} of an engine: logs, metrics, traces and live views are
 * listeners.
 *
 * <p>Called synchronously on the thread that made the change, possibly from many threads at once:
 * keep it fast and thread-safe, and hand slow work to a queue. An exception thrown by a listener is
 * logged and otherwise ignored; it never changes the execution.
 */
@FunctionalInterface
public interface ExecutionListener {

  /**
   * Receives one event.
   *
   * @param event what happened
   */
  void onEvent(ExecutionEvent event);
}

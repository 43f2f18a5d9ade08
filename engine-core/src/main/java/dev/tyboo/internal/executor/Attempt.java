package dev.tyboo.internal.executor;

import dev.tyboo.error.ExecutionCancelledException;
import dev.tyboo.node.Cancellation;
import dev.tyboo.spi.telemetry.NodeTrace;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attempt of one node. Settled exactly once: by the node returning, or by its timeout firing
 * first, in which case the late result is discarded and the run continues from the watchdog.
 */
final class Attempt extends AtomicInteger implements Cancellation {
  private static final long serialVersionUID = 1L;
  private static final int RUNNING = 0;
  private static final int SETTLED = 1;
  private static final int TIMED_OUT = 2;

  private final ExecutionRun run;
  final int number;
  volatile NodeTrace trace; // set by the run's thread before the node runs
  private Thread thread; // guarded by this
  private boolean interruptedByEngine; // guarded by this

  Attempt(ExecutionRun run, int number) {
    this.run = run;
    this.number = number;
  }

  /**
   * Lets interrupts reach this thread; delivers one at once if the attempt was stopped before it
   * began.
   */
  synchronized void enter() {
    thread = Thread.currentThread();
    if (get() == TIMED_OUT || run.isStopping()) {
      interruptedByEngine = true;
      thread.interrupt();
    }
  }

  /**
   * Stops interrupts from reaching this thread, then clears the one the engine sent, if any. An
   * interrupt that the host sent to its own thread (a caller of {@code Engine.run}) is left in
   * place.
   */
  void leave() {
    boolean clear;
    synchronized (this) {
      thread = null;
      clear = interruptedByEngine;
    }
    if (clear) {
      Thread.interrupted();
    }
  }

  synchronized void interrupt() {
    if (thread != null) {
      interruptedByEngine = true;
      thread.interrupt();
    }
  }

  /**
   * {@return {@code true} when the node's own return settles the attempt (no timeout got there
   * first)}
   */
  boolean settle() {
    return compareAndSet(RUNNING, SETTLED);
  }

  /** {@return whether the timeout fired before the node returned} */
  boolean timedOut() {
    return get() == TIMED_OUT;
  }

  /** {@return {@code true} when the timeout settles the attempt} */
  boolean timeOut() {
    if (compareAndSet(RUNNING, TIMED_OUT)) {
      interrupt();
      return true;
    }
    return false;
  }

  @Override
  public boolean isCancelled() {
    return run.isStopping() || get() == TIMED_OUT;
  }

  @Override
  public void throwIfCancelled() {
    if (get() == TIMED_OUT) {
      throw new ExecutionCancelledException("the node's attempt " + number + " timed out");
    }
    if (run.isStopping()) {
      throw new ExecutionCancelledException("execution " + run.id() + " is stopping");
    }
  }
}

package dev.tyboo.nodes.code;

import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * A context that has run only the sandbox's own boot code, on no data, or that has served earlier
 * runs of one script and was reset after each: its realm is built and the built-ins the boot
 * function uses are initialised, which is most of what a first call in a new context costs. One run
 * uses it at a time.
 */
final class PreparedContext {

  private final Context context;
  private final Value boot;
  private final Value reset;
  private final Console console;
  private int runs;

  /**
   * @param context the context
   * @param boot the boot function, evaluated in it
   * @param reset the lockdown's reset function, or {@code null} when the context is not hardened
   *     (then it serves one run only)
   * @param console where the context's output goes once a run owns it
   */
  PreparedContext(Context context, Value boot, Value reset, Console console) {
    this.context = context;
    this.boot = boot;
    this.reset = reset;
    this.console = console;
  }

  Context context() {
    return context;
  }

  Value boot() {
    return boot;
  }

  Console console() {
    return console;
  }

  /** {@return whether it was hardened, so that it may serve more than one run} */
  boolean hardened() {
    return reset != null;
  }

  /** {@return how many runs it served, this one included} Called once per run, by the run. */
  int countRun() {
    return ++runs;
  }

  /**
   * Resets it after a run that ended normally.
   *
   * @return whether it is back to its hardened state and may serve another run
   */
  boolean reset() {
    console.target(OutputStream.nullOutputStream());
    return reset != null && reset.execute().asBoolean();
  }

  /** The output of a prepared context: discarded until a run points it at its own capture. */
  static final class Console extends OutputStream {
    private volatile OutputStream target = OutputStream.nullOutputStream();

    void target(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      target.write(b, off, len);
    }
  }
}

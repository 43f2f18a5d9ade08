package dev.tyboo.nodes.code;

import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * A fresh context that has run only the sandbox's own boot code, on no data: its realm is built and
 * the built-ins the boot function uses are initialised, which is most of what a first call in a new
 * context costs. One is used by exactly one run and then closed, so no run ever sees another's
 * state.
 *
 * @param context the context
 * @param boot the boot function, evaluated in it
 * @param console where the context's output goes once a run owns it
 */
record PreparedContext(Context context, Value boot, Console console) {

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

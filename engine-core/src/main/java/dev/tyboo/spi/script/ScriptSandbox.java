package dev.tyboo.spi.script;

import java.util.List;
import java.util.Set;

/**
 * Runs untrusted user code (the Code node's) so that it cannot reach the host: no host classes or
 * reflection, no files, network, processes, threads or environment, and bounded by {@link
 * ScriptLimits}. Every run starts from a fresh state: nothing a run defines or changes is seen by
 * another run. Implementations are thread-safe; many runs may go on at once.
 *
 * <p>Data crosses the boundary as JSON values only (maps, lists, strings, numbers, booleans, {@code
 * null}), in both directions; the script never holds a host object.
 */
public interface ScriptSandbox extends AutoCloseable {

  /**
   * {@return a sandbox that runs nothing: every run fails with an {@link
   * dev.tyboo.error.UnsupportedCapabilityException} that says what to add}
   */
  static ScriptSandbox none() {
    return NoScriptSandbox.INSTANCE;
  }

  /** {@return the languages it runs, such as {@value Script#JAVASCRIPT}} */
  Set<String> languages();

  /** {@return the limits every run has} */
  ScriptLimits limits();

  /**
   * Evaluates the script, which yields a function, and calls that function once.
   *
   * @param script the program
   * @param arguments the function's arguments: JSON values, or {@link ScriptFunction}s, which the
   *     script sees as functions
   * @return the function's result
   * @throws dev.tyboo.error.ScriptSyntaxException when the source does not compile
   * @throws dev.tyboo.error.ScriptRuntimeException when the script throws, or returns something
   *     that is not JSON (a function, a cyclic structure)
   * @throws dev.tyboo.error.ScriptLimitException when a limit stopped it
   * @throws dev.tyboo.error.UnsupportedCapabilityException when the language is not available
   */
  ScriptResult run(Script script, List<Object> arguments);

  /** Frees what the sandbox holds. Runs in progress may fail; later runs are refused. */
  @Override
  void close();
}

package dev.tyboo.spi.script;

import java.util.List;

/**
 * A host function handed to a script as an argument of {@link ScriptSandbox#run}. The script calls
 * it like one of its own functions; arguments and the result cross the boundary as JSON values
 * (maps, lists, strings, numbers, booleans, {@code null}), never as host objects.
 *
 * <p>It runs on the thread that runs the script, while the script waits. An exception it throws
 * becomes an error in the script, with the exception's message (the script may catch it).
 */
@FunctionalInterface
public interface ScriptFunction {

  /**
   * {@return the result, a JSON value}
   *
   * @param arguments the script's arguments, as JSON values
   */
  Object call(List<Object> arguments);
}

package dev.tyboo.spi.script;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a script returned, with what it printed and what it used.
 *
 * @param value the function's result as a JSON value: a map, list, string, number, boolean or
 *     {@code null} (JavaScript's {@code undefined} too)
 * @param console the lines the script printed ({@code console.log}, {@code print}), within the
 *     console limit
 * @param cpuTime the CPU time of the thread that ran it
 * @param allocatedBytes the bytes allocated on that thread while it ran (the sandbox's own work
 *     included)
 */
public record ScriptResult(
    Object value, List<String> console, Duration cpuTime, long allocatedBytes) {

  /** Copies the console lines. */
  public ScriptResult {
    console = List.copyOf(console);
    Objects.requireNonNull(cpuTime, "cpuTime");
  }
}

package dev.tyboo.spi.script;

import java.time.Duration;
import java.util.Objects;

/**
 * What one script run may use. A run that goes past a limit is stopped with a {@link
 * dev.tyboo.error.ScriptLimitException} naming the limit; the sandbox stays usable for other runs.
 * The host sets limits on the sandbox; workflow authors cannot raise them.
 *
 * @param wallTime how long a run may take, waiting included
 * @param cpuTime how much CPU time the thread running it may use
 * @param statements how many statements it may execute (a deterministic bound on loops)
 * @param allocatedBytes how many bytes the thread running it may allocate in all, garbage included:
 *     this bounds an allocation bomb, not the live heap (see the sandbox's documentation for what a
 *     single allocation can overshoot)
 * @param outputChars how long the result may be, as JSON text
 * @param consoleBytes how much it may print, in bytes of UTF-8; more is dropped with a note, not an
 *     error
 */
public record ScriptLimits(
    Duration wallTime,
    Duration cpuTime,
    long statements,
    long allocatedBytes,
    int outputChars,
    int consoleBytes) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException when a limit is not positive
   */
  public ScriptLimits {
    requirePositive(wallTime, "wallTime");
    requirePositive(cpuTime, "cpuTime");
    requirePositive(statements, "statements");
    requirePositive(allocatedBytes, "allocatedBytes");
    requirePositive(outputChars, "outputChars");
    requirePositive(consoleBytes, "consoleBytes");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static void requirePositive(long n, String name) {
    if (n <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + n);
    }
  }

  /**
   * {@return the defaults: 10 s wall time, 5 s CPU time, 50 million statements, 512 MiB allocated,
   * 16 Mi characters of output and 64 KiB of console}
   */
  public static ScriptLimits defaults() {
    return new ScriptLimits(
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        50_000_000L,
        512L * 1024 * 1024,
        16 * 1024 * 1024,
        64 * 1024);
  }

  /**
   * {@return a copy with another wall time limit}
   *
   * @param limit how long a run may take
   */
  public ScriptLimits withWallTime(Duration limit) {
    return new ScriptLimits(limit, cpuTime, statements, allocatedBytes, outputChars, consoleBytes);
  }

  /**
   * {@return a copy with another CPU time limit}
   *
   * @param limit the CPU time a run may use
   */
  public ScriptLimits withCpuTime(Duration limit) {
    return new ScriptLimits(wallTime, limit, statements, allocatedBytes, outputChars, consoleBytes);
  }

  /**
   * {@return a copy with another statement limit}
   *
   * @param limit how many statements a run may execute
   */
  public ScriptLimits withStatements(long limit) {
    return new ScriptLimits(wallTime, cpuTime, limit, allocatedBytes, outputChars, consoleBytes);
  }

  /**
   * {@return a copy with another allocation limit}
   *
   * @param limit how many bytes a run may allocate in all
   */
  public ScriptLimits withAllocatedBytes(long limit) {
    return new ScriptLimits(wallTime, cpuTime, statements, limit, outputChars, consoleBytes);
  }

  /**
   * {@return a copy with another output limit}
   *
   * @param limit how long the result may be, as JSON text
   */
  public ScriptLimits withOutputChars(int limit) {
    return new ScriptLimits(wallTime, cpuTime, statements, allocatedBytes, limit, consoleBytes);
  }

  /**
   * {@return a copy with another console limit}
   *
   * @param limit how much a run may print
   */
  public ScriptLimits withConsoleBytes(int limit) {
    return new ScriptLimits(wallTime, cpuTime, statements, allocatedBytes, outputChars, limit);
  }
}

package dev.tyboo.node;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The recorded steps of one node run ({@link NodeContext#steps()}): what a node that does several
 * side effects in one run (an AI agent's model and tool calls) keeps so that a repeated attempt, a
 * run after a crash, or a run after a {@link NodeResult#suspend suspension} finds what was done and
 * does not do it again. Durable engines keep the steps in their storage, with the execution (they
 * are deleted with it); in-memory engines for the execution's life.
 *
 * <p>A value is JSON data: {@code null}, a {@link String}, {@link Number}, {@link Boolean}, {@link
 * java.util.List} or {@link java.util.Map} of such values; it comes back as the JSON reader builds
 * it (maps and lists, numbers as {@code Integer}, {@code Long}, {@code Double} or {@code
 * BigInteger}). The first value recorded for a step wins: an attempt that records a step an earlier
 * attempt (or another process) recorded meanwhile gets the earlier value back.
 *
 * <pre>{@code
 * Map<?, ?> answer = (Map<?, ?>) ctx.steps().run("model/0", () -> callTheModel());
 * }</pre>
 */
public interface NodeSteps {

  /** The longest step name. */
  int MAX_NAME_LENGTH = 200;

  /** The most characters of a step's value written as JSON. */
  int MAX_VALUE_CHARS = 4 * 1024 * 1024;

  /**
   * {@return the value recorded for the step, or empty when it was not recorded (a step recorded
   * with {@code null} is present, as {@code Optional.empty()} cannot say; use {@link #contains})}
   *
   * @param step the step's name
   */
  Optional<Object> get(String step);

  /**
   * {@return whether the step was recorded}
   *
   * @param step the step's name
   */
  boolean contains(String step);

  /**
   * Records a step's value, durably before returning, unless it was recorded already.
   *
   * @param step the step's name
   * @param value JSON data
   * @return the recorded value: this one, or the one recorded first
   * @throws IllegalArgumentException when the value is not JSON data or is longer than {@link
   *     #MAX_VALUE_CHARS} written, or the name is blank or too long
   * @throws dev.tyboo.error.UnsupportedCapabilityException when the engine's storage keeps no steps
   */
  Object record(String step, Object value);

  /**
   * {@return the recorded value of the step; when there is none, runs the action and records what
   * it returns} The action may run more than once in all (a crash after it and before the record),
   * never again once recorded.
   *
   * @param step the step's name
   * @param action does the step's work and returns its value (JSON data)
   */
  default Object run(String step, Supplier<?> action) {
    if (contains(step)) {
      return get(step).orElse(null);
    }
    return record(step, action.get());
  }

  /**
   * Checks a step's name.
   *
   * @param step the name
   * @throws IllegalArgumentException when it is blank or longer than {@link #MAX_NAME_LENGTH}
   */
  static void checkName(String step) {
    if (step == null || step.isBlank() || step.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a step needs a name of 1 to " + MAX_NAME_LENGTH + " characters, was " + step);
    }
  }
}

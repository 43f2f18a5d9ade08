package dev.tyboo.spi.expression;

import dev.tyboo.error.ExpressionLimitException;
import dev.tyboo.error.ExpressionLimitException.Limit;
import java.util.Collection;
import java.util.Map;

/**
 * What one evaluation has used of its {@link ExpressionLimits}: work done, time taken. Installed
 * per thread for the length of an evaluation, since JEXL's method and operator hooks are not given
 * the context they run in.
 */
final class EvaluationBudget {

  private static final ThreadLocal<EvaluationBudget> CURRENT = new ThreadLocal<>();

  /** Checks the clock after this much work, or every few operations. */
  private static final long CLOCK_WORK = 1 << 16;

  private ExpressionLimits limits;
  private String source;
  private EvaluationBudget outer;
  private boolean active;
  private long work;
  private int operations;

  /** When the first operation was charged; 0 before (most evaluations charge nothing). */
  private long startNanos;

  private EvaluationBudget() {}

  /**
   * {@return the budget of an evaluation starting on this thread, until {@link #end()}} One object
   * per thread is reused, so that an evaluation costs no allocation.
   *
   * @param limits the limits
   * @param source the expression being evaluated, for messages
   */
  static EvaluationBudget start(ExpressionLimits limits, String source) {
    EvaluationBudget budget = CURRENT.get();
    if (budget == null || budget.active) {
      EvaluationBudget fresh = new EvaluationBudget();
      fresh.outer = budget; // an evaluation inside another (none today): restore it at the end
      CURRENT.set(fresh);
      budget = fresh;
    }
    budget.limits = limits;
    budget.source = source;
    budget.work = 0;
    budget.operations = 0;
    budget.startNanos = 0;
    budget.active = true;
    return budget;
  }

  /** Ends this evaluation's budget. */
  void end() {
    active = false;
    source = null;
    if (outer != null) {
      CURRENT.set(outer);
      outer = null;
    }
  }

  /** {@return the budget of the evaluation running on this thread, or {@code null}} */
  static EvaluationBudget current() {
    EvaluationBudget budget = CURRENT.get();
    return budget != null && budget.active ? budget : null;
  }

  ExpressionLimits limits() {
    return limits;
  }

  /**
   * Counts work and checks the work and time budgets.
   *
   * @param units characters or elements read or written
   */
  void charge(long units) {
    work += units;
    if (work > limits.maxWork()) {
      throw exceeded(
          Limit.WORK,
          "it read or wrote more than "
              + limits.maxWork()
              + " characters and elements (limit maxWork)");
    }
    if (startNanos == 0) {
      startNanos = System.nanoTime() | 1; // the clock starts with the first operation
    } else if (units >= CLOCK_WORK || (++operations & 31) == 0) {
      checkTime();
    }
  }

  void checkTime() {
    if (startNanos != 0 && System.nanoTime() - startNanos > limits.timeout().toNanos()) {
      throw exceeded(
          Limit.TIME, "it ran longer than " + limits.timeout().toMillis() + " ms (limit timeout)");
    }
  }

  /**
   * Refuses a string about to be built.
   *
   * @param length its length in characters
   * @param what what builds it, for the message
   */
  void checkString(long length, String what) {
    if (length > limits.maxStringLength()) {
      throw exceeded(
          Limit.STRING_LENGTH,
          what
              + " would build a string of "
              + length
              + " characters, more than "
              + limits.maxStringLength()
              + " (limit maxStringLength)");
    }
  }

  /**
   * Refuses a collection about to be built.
   *
   * @param size its number of elements
   * @param what what builds it, for the message
   */
  void checkCollection(long size, String what) {
    if (size > limits.maxCollectionSize()) {
      throw exceeded(
          Limit.COLLECTION_SIZE,
          what
              + " would build "
              + size
              + " elements, more than "
              + limits.maxCollectionSize()
              + " (limit maxCollectionSize)");
    }
  }

  ExpressionLimitException exceeded(Limit limit, String reason) {
    return new ExpressionLimitException(null, source, -1, limit, reason);
  }

  /**
   * {@return the length of a value's text ({@code toString}), counted without building it and no
   * further than {@code cap}: past it, {@code cap + 1}}
   *
   * @param value a string, number, map, list, array or other value
   * @param cap where to stop counting
   */
  static long textLength(Object value, long cap) {
    long[] left = {cap + 1};
    count(value, left, 0);
    return cap + 1 - Math.max(0, left[0]);
  }

  private static void count(Object value, long[] left, int depth) {
    if (left[0] <= 0) {
      return;
    }
    if (value instanceof CharSequence s) {
      left[0] -= s.length();
    } else if (value instanceof Map<?, ?> map) {
      left[0] -= 2;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (left[0] <= 0 || depth > 256) {
          return;
        }
        left[0] -= 3;
        count(e.getKey(), left, depth + 1);
        count(e.getValue(), left, depth + 1);
      }
    } else if (value instanceof Collection<?> list) {
      left[0] -= 2;
      for (Object element : list) {
        if (left[0] <= 0 || depth > 256) {
          return;
        }
        left[0] -= 2;
        count(element, left, depth + 1);
      }
    } else if (value instanceof Object[] array) {
      left[0] -= 20; // arrays print as their type and identity
    } else {
      left[0] -= String.valueOf(value).length();
    }
  }
}

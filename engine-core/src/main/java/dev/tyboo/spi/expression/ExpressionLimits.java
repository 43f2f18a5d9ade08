package dev.tyboo.spi.expression;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what one expression may be and do. The default language checks the first three when it
 * compiles an expression (so a workflow that breaks them is refused when it is built or read) and
 * the others on every evaluation, failing with a {@link dev.tyboo.error.ExpressionLimitException}
 * that names the limit. Values read from items are never refused for their size; only what an
 * expression builds is bounded.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>what it bounds</th></tr>
 *   <tr><td>{@code maxSourceLength}</td><td>10,000</td><td>characters between {@code {{ }}}</td></tr>
 *   <tr><td>{@code maxNestingDepth}</td><td>32</td><td>brackets, braces and parentheses inside
 *       each other, plus a run of prefix operators ({@code !!!x}, {@code - -x}, {@code not})</td></tr>
 *   <tr><td>{@code maxTokens}</td><td>1,000</td><td>tokens (names, literals, operators): the size
 *       of the syntax tree</td></tr>
 *   <tr><td>{@code maxStringLength}</td><td>16 Mi characters</td><td>any string an expression
 *       builds ({@code +}, {@code concat}, {@code replace}, {@code toString}, text around several
 *       {@code {{ }}})</td></tr>
 *   <tr><td>{@code maxCollectionSize}</td><td>1 Mi elements</td><td>ranges ({@code 1..n}) and
 *       array literals</td></tr>
 *   <tr><td>{@code maxWork}</td><td>64 Mi</td><td>characters and elements read or written by
 *       method calls and operators in one evaluation</td></tr>
 *   <tr><td>{@code timeout}</td><td>1 s</td><td>wall time of one evaluation, checked between
 *       operations</td></tr>
 * </table>
 *
 * @param maxSourceLength longest expression source, in characters
 * @param maxNestingDepth deepest nesting of brackets and prefix operators
 * @param maxTokens most tokens in one expression
 * @param maxStringLength longest string an expression may build, in characters
 * @param maxCollectionSize most elements in a range or array an expression builds
 * @param maxWork most characters and elements one evaluation may read or write
 * @param timeout longest wall time of one evaluation
 */
public record ExpressionLimits(
    int maxSourceLength,
    int maxNestingDepth,
    int maxTokens,
    int maxStringLength,
    int maxCollectionSize,
    long maxWork,
    Duration timeout) {

  private static final ExpressionLimits DEFAULTS =
      new ExpressionLimits(
          10_000,
          32,
          1_000,
          16 * 1024 * 1024,
          1024 * 1024,
          64L * 1024 * 1024,
          Duration.ofSeconds(1));

  /** Checks the values. */
  public ExpressionLimits {
    positive(maxSourceLength, "maxSourceLength");
    positive(maxNestingDepth, "maxNestingDepth");
    positive(maxTokens, "maxTokens");
    positive(maxStringLength, "maxStringLength");
    positive(maxCollectionSize, "maxCollectionSize");
    if (maxWork <= 0) {
      throw new IllegalArgumentException("maxWork must be positive: " + maxWork);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  private static void positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** {@return the defaults in the table above} */
  public static ExpressionLimits defaults() {
    return DEFAULTS;
  }

  /**
   * {@return these limits with another longest source}
   *
   * @param characters the longest expression source
   */
  public ExpressionLimits withMaxSourceLength(int characters) {
    return new ExpressionLimits(
        characters,
        maxNestingDepth,
        maxTokens,
        maxStringLength,
        maxCollectionSize,
        maxWork,
        timeout);
  }

  /**
   * {@return these limits with another nesting depth}
   *
   * @param depth the deepest nesting
   */
  public ExpressionLimits withMaxNestingDepth(int depth) {
    return new ExpressionLimits(
        maxSourceLength, depth, maxTokens, maxStringLength, maxCollectionSize, maxWork, timeout);
  }

  /**
   * {@return these limits with another token count}
   *
   * @param tokens the most tokens
   */
  public ExpressionLimits withMaxTokens(int tokens) {
    return new ExpressionLimits(
        maxSourceLength,
        maxNestingDepth,
        tokens,
        maxStringLength,
        maxCollectionSize,
        maxWork,
        timeout);
  }

  /**
   * {@return these limits with another longest built string}
   *
   * @param characters the longest string an expression may build
   */
  public ExpressionLimits withMaxStringLength(int characters) {
    return new ExpressionLimits(
        maxSourceLength,
        maxNestingDepth,
        maxTokens,
        characters,
        maxCollectionSize,
        maxWork,
        timeout);
  }

  /**
   * {@return these limits with another largest built collection}
   *
   * @param elements the most elements in a range or array an expression builds
   */
  public ExpressionLimits withMaxCollectionSize(int elements) {
    return new ExpressionLimits(
        maxSourceLength, maxNestingDepth, maxTokens, maxStringLength, elements, maxWork, timeout);
  }

  /**
   * {@return these limits with another work budget}
   *
   * @param work the most characters and elements one evaluation may read or write
   */
  public ExpressionLimits withMaxWork(long work) {
    return new ExpressionLimits(
        maxSourceLength,
        maxNestingDepth,
        maxTokens,
        maxStringLength,
        maxCollectionSize,
        work,
        timeout);
  }

  /**
   * {@return these limits with another time budget}
   *
   * @param time the longest wall time of one evaluation
   */
  public ExpressionLimits withTimeout(Duration time) {
    return new ExpressionLimits(
        maxSourceLength,
        maxNestingDepth,
        maxTokens,
        maxStringLength,
        maxCollectionSize,
        maxWork,
        time);
  }
}

package dev.tyboo.spi.expression;

/**
 * The language of the expressions inside {@code {{ }}} in string parameters. The engine finds the
 * templates, caches compiled expressions and evaluates them per item; a language only compiles and
 * evaluates one expression.
 *
 * <p>An implementation must be safe for untrusted authors: no access to host classes, reflection,
 * I/O, threads or the class path, and no unbounded loops. It must be thread-safe, and a compiled
 * expression must be reusable from many threads at once.
 */
public interface ExpressionLanguage {

  /**
   * The default language: Apache Commons JEXL restricted to reading data. No loops, assignment,
   * lambdas, object creation or class access; methods only on strings, numbers, maps, lists, {@code
   * java.time} values and the engine's own variables. See the engine README for the variables and
   * functions.
   *
   * @return the safe default language (a new instance)
   */
  static ExpressionLanguage safeDefault() {
    return new JexlExpressionLanguage();
  }

  /**
   * The default language with other bounds (see {@link ExpressionLimits}).
   *
   * @param limits the bounds on each expression's source and evaluation
   * @return the safe default language (a new instance)
   */
  static ExpressionLanguage safeDefault(ExpressionLimits limits) {
    return new JexlExpressionLanguage(limits);
  }

  /**
   * {@return the bounds this language keeps to; the engine also applies {@code maxStringLength} to
   * text made of several {@code {{ }}}} (the default implementation returns the defaults)
   */
  default ExpressionLimits limits() {
    return ExpressionLimits.defaults();
  }

  /**
   * {@return the compiled expression}
   *
   * @param source the expression, without the surrounding braces
   * @throws dev.tyboo.error.ExpressionSyntaxException when the source does not compile or uses a
   *     forbidden construct
   */
  CompiledExpression compile(String source);

  /** A compiled expression; immutable and thread-safe. */
  interface CompiledExpression {

    /** {@return the source it was compiled from} */
    String source();

    /**
     * {@return the value: a string, number, boolean, map, list, {@code java.time} value or {@code
     * null}}
     *
     * @param scope the variables it may read ({@code $json}, {@code $node}, ...)
     * @throws RuntimeException with a message for people when evaluation fails; the engine wraps it
     *     in an {@link dev.tyboo.error.ExpressionException} naming node, parameter and item
     */
    Object evaluate(ExpressionScope scope);
  }

  /** The variables an expression can read. */
  interface ExpressionScope {

    /**
     * {@return whether the variable exists}
     *
     * @param name a variable name such as {@code $json}
     */
    boolean has(String name);

    /**
     * {@return its value; {@code null} when it does not exist}
     *
     * @param name a variable name such as {@code $json}
     */
    Object get(String name);
  }
}

package dev.tyboo.spi.script;

import java.util.Objects;

/**
 * A program for a {@link ScriptSandbox}: its language, a name for messages and the source text.
 * Evaluating the source must yield a function, which the sandbox then calls with the arguments of
 * {@link ScriptSandbox#run}: in JavaScript a function expression such as {@code (function(a, b) {
 * ... })}; in Python a source whose last statement is the function's name.
 *
 * @param language {@value #JAVASCRIPT} or {@value #PYTHON}, or another language the sandbox names
 *     in {@link ScriptSandbox#languages()}
 * @param name who runs it, for messages and as the source's name (such as {@code workflow/nodeId})
 * @param source the program text
 * @param lineOffset how many lines of the source come before the user's own code (a wrapper the
 *     caller added): positions in errors are reported minus this, so that line 1 is the user's
 *     first line
 * @param columnOffset how many characters of the caller's come before the user's code on the user's
 *     first line (a function header sharing that line): columns on that line are reported minus
 *     this
 * @param wrapper the caller's own code, or {@code null}: when given, it is evaluated (as a source
 *     of the sandbox's, whose frames stay out of the script's stack traces) to a function that
 *     takes the function of {@code source} and returns the function to call. It keeps helpers and
 *     loops out of the user's stack traces
 * @param domain who the code belongs to, such as the tenant, or {@code null} for nobody in
 *     particular: a sandbox that keeps warmed state between runs shares it only between runs of the
 *     same language, name, source, wrapper and domain (never between two tenants that happen to run
 *     the same code), and never lets one run see another's objects or changes
 */
public record Script(
    String language,
    String name,
    String source,
    int lineOffset,
    int columnOffset,
    String wrapper,
    String domain) {

  /** JavaScript (ECMAScript 2024 on GraalJS). */
  public static final String JAVASCRIPT = "javascript";

  /** Python 3 (GraalPy), when the host adds it. */
  public static final String PYTHON = "python";

  /**
   * Checks the values.
   *
   * @throws NullPointerException when language, name or source is null
   * @throws IllegalArgumentException when lineOffset is negative
   */
  public Script {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    if (lineOffset < 0) {
      throw new IllegalArgumentException("lineOffset must not be negative: " + lineOffset);
    }
    if (columnOffset < 0) {
      throw new IllegalArgumentException("columnOffset must not be negative: " + columnOffset);
    }
  }

  /**
   * A script of nobody in particular ({@code domain} {@code null}).
   *
   * @param language the language
   * @param name who runs it, for messages
   * @param source the program text
   * @param lineOffset how many lines of the source come before the user's own code
   * @param columnOffset how many characters of the caller's precede the user's code on its first
   *     line
   * @param wrapper the caller's own code, or {@code null}
   */
  public Script(
      String language,
      String name,
      String source,
      int lineOffset,
      int columnOffset,
      String wrapper) {
    this(language, name, source, lineOffset, columnOffset, wrapper, null);
  }

  /**
   * {@return this script, belonging to the domain}
   *
   * @param domain who the code belongs to, such as the tenant; {@code null} for nobody in
   *     particular
   */
  public Script withDomain(String domain) {
    return new Script(language, name, source, lineOffset, columnOffset, wrapper, domain);
  }

  /**
   * A script without a wrapper.
   *
   * @param language the language
   * @param name who runs it, for messages
   * @param source the program text
   * @param lineOffset how many lines of the source come before the user's own code
   */
  public Script(String language, String name, String source, int lineOffset) {
    this(language, name, source, lineOffset, 0, null, null);
  }

  /**
   * {@return a script whose whole source is the user's}
   *
   * @param language the language
   * @param name who runs it, for messages
   * @param source the program text
   */
  public static Script of(String language, String name, String source) {
    return new Script(language, name, source, 0);
  }
}

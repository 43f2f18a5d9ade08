package dev.tyboo.spi.expression;

import dev.tyboo.error.ExpressionSyntaxException;
import java.math.MathContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlInfo;

/**
 * The default expression language: Apache Commons JEXL with a read-only feature set and
 * deny-by-default permissions ({@link SafeJexlPermissions}).
 */
final class JexlExpressionLanguage implements ExpressionLanguage {

  /**
   * Regex matches ({@code =~}) give up after this many character reads, which stops catastrophic
   * backtracking.
   */
  static final int REGEX_STEP_LIMIT = 200_000;

  /** Longest expression accepted; longer ones are surely not hand-written templates. */
  static final int MAX_SOURCE_LENGTH = 10_000;

  private final JexlEngine jexl;

  JexlExpressionLanguage() {
    JexlFeatures features =
        new JexlFeatures()
            .loops(false)
            .sideEffect(false)
            .sideEffectGlobal(false)
            .newInstance(false)
            .lambda(false)
            .localVar(false)
            .pragma(false)
            .annotation(false)
            .script(false)
            .importPragma(false)
            .namespacePragma(false)
            .register(false)
            .comparatorNames(true);
    this.jexl =
        new JexlBuilder()
            .permissions(new SafeJexlPermissions())
            .features(features)
            .arithmetic(new BoundedArithmetic(true))
            .strict(true)
            .safe(false)
            .silent(false)
            .cache(0) // the engine caches compiled expressions itself
            .create();
  }

  @Override
  public CompiledExpression compile(String source) {
    if (source.length() > MAX_SOURCE_LENGTH) {
      throw new ExpressionSyntaxException(
          "expression is longer than " + MAX_SOURCE_LENGTH + " characters", null);
    }
    if (source.isBlank()) {
      throw new ExpressionSyntaxException("expression {{ }} is empty", null);
    }
    try {
      JexlExpression expression = jexl.createExpression(new JexlInfo("expression", 1, 1), source);
      return PropertyPath.of(new Compiled(source, expression));
    } catch (JexlException e) {
      throw new ExpressionSyntaxException(
          "expression {{ " + source + " }} does not compile: " + message(e), e);
    } catch (RuntimeException e) {
      throw new ExpressionSyntaxException(
          "expression {{ " + source + " }} does not compile: " + e, e);
    }
  }

  static String message(JexlException e) {
    String m = e.getMessage();
    // JEXL prefixes "expression@1:5 "; keep the position, drop the file name
    m = m == null ? e.getClass().getSimpleName() : m.replace("expression@", "at ");
    Throwable cause = e.getCause();
    if (cause != null && !(cause instanceof JexlException) && cause.getMessage() != null) {
      m = m + ": " + cause.getMessage();
    }
    return m;
  }

  private record Compiled(String source, JexlExpression expression) implements CompiledExpression {
    @Override
    public Object evaluate(ExpressionScope scope) {
      try {
        return expression.evaluate(new ScopeContext(scope));
      } catch (JexlException e) {
        throw new IllegalArgumentException(message(e), e);
      } catch (StackOverflowError e) {
        throw new IllegalArgumentException("expression is nested too deeply", e);
      }
    }
  }

  private record ScopeContext(ExpressionScope scope) implements JexlContext {
    @Override
    public Object get(String name) {
      return scope.get(name);
    }

    @Override
    public void set(String name, Object value) {
      throw new UnsupportedOperationException("expressions cannot assign variables");
    }

    @Override
    public boolean has(String name) {
      return scope.has(name);
    }
  }

  /** JEXL arithmetic whose regex operators stop after {@link #REGEX_STEP_LIMIT} character reads. */
  public static final class BoundedArithmetic extends JexlArithmetic {
    BoundedArithmetic(boolean strict) {
      super(strict);
    }

    private BoundedArithmetic(boolean strict, MathContext context, int scale) {
      super(strict, context, scale);
    }

    @Override
    protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
      return new BoundedArithmetic(strict, context, scale);
    }

    @Override
    public Boolean contains(Object container, Object value) {
      if (container instanceof Pattern || container instanceof CharSequence) {
        Pattern pattern =
            container instanceof Pattern p ? p : Pattern.compile(container.toString());
        Matcher m =
            pattern.matcher(
                new BoundedCharSequence(String.valueOf(value), new int[] {REGEX_STEP_LIMIT}));
        return m.matches();
      }
      return super.contains(container, value);
    }
  }

  private record BoundedCharSequence(String text, int[] budget) implements CharSequence {
    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      if (--budget[0] < 0) {
        throw new IllegalArgumentException(
            "regular expression gave up after "
                + REGEX_STEP_LIMIT
                + " steps (catastrophic backtracking?)");
      }
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BoundedCharSequence(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}

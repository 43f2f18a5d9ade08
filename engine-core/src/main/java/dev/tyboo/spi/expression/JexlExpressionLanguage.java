package dev.tyboo.spi.expression;

import dev.tyboo.error.ExpressionException;
import dev.tyboo.error.ExpressionLimitException;
import dev.tyboo.error.ExpressionLimitException.Limit;
import dev.tyboo.error.ExpressionSyntaxException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlInfo;

/**
 * The default expression language: Apache Commons JEXL with a read-only feature set,
 * deny-by-default permissions ({@link SafeJexlPermissions}) and the bounds of {@link
 * ExpressionLimits}: the shape of each source is checked before it is parsed ({@link
 * ExpressionShape}), and every method call and operator is charged to the evaluation's budget
 * ({@link BoundedUberspect}, {@link BoundedArithmetic}).
 */
final class JexlExpressionLanguage implements ExpressionLanguage {

  private final JexlEngine jexl;
  private final ExpressionLimits limits;

  JexlExpressionLanguage() {
    this(ExpressionLimits.defaults());
  }

  JexlExpressionLanguage(ExpressionLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
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
    SafeJexlPermissions permissions = new SafeJexlPermissions();
    this.jexl =
        new JexlBuilder()
            .uberspect(
                new BoundedUberspect(
                    new JexlBuilder().permissions(permissions).create().getUberspect()))
            .permissions(permissions)
            .features(features)
            .arithmetic(new BoundedArithmetic(true))
            .strict(true)
            .safe(false)
            .silent(false)
            .cache(0) // the engine caches compiled expressions itself
            .create();
  }

  @Override
  public ExpressionLimits limits() {
    return limits;
  }

  @Override
  public CompiledExpression compile(String source) {
    if (source.isBlank()) {
      throw new ExpressionSyntaxException("expression {{ }} is empty", null);
    }
    ExpressionShape.check(source, limits);
    try {
      JexlExpression expression = jexl.createExpression(new JexlInfo("expression", 1, 1), source);
      CompiledExpression compiled = new Compiled(source, expression, limits);
      CompiledExpression fast = PropertyPath.of(compiled);
      if (fast == compiled) {
        fast = Concatenation.of(compiled, limits);
      }
      return fast != compiled ? fast : Comparison.of(compiled);
    } catch (JexlException e) {
      throw new ExpressionSyntaxException(
          "expression {{ "
              + ExpressionException.excerpt(source)
              + " }} does not compile: "
              + message(e),
          e);
    } catch (RuntimeException e) {
      throw new ExpressionSyntaxException(
          "expression {{ " + ExpressionException.excerpt(source) + " }} does not compile: " + e, e);
    } catch (StackOverflowError e) {
      // a last guard: ExpressionShape refuses sources nested deeply enough to get here
      throw new ExpressionSyntaxException(
          "expression {{ "
              + ExpressionException.excerpt(source)
              + " }} is nested too deeply for this thread's stack",
          null);
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

  private record Compiled(String source, JexlExpression expression, ExpressionLimits limits)
      implements CompiledExpression {
    @Override
    public Object evaluate(ExpressionScope scope) {
      EvaluationBudget budget = EvaluationBudget.start(limits, source);
      try {
        Object result = expression.evaluate(new ScopeContext(scope));
        checkBuilt(budget, result);
        return result;
      } catch (JexlException e) {
        ExpressionLimitException limit = limitIn(e);
        if (limit != null) {
          throw limit;
        }
        if (isStackOverflow(e)) {
          throw budget.exceeded(Limit.STACK, "it nests too deeply for this thread's stack");
        }
        throw new IllegalArgumentException(message(e), e);
      } catch (StackOverflowError e) {
        throw budget.exceeded(Limit.STACK, "it nests too deeply for this thread's stack");
      } finally {
        budget.end();
      }
    }

    /** Checks a list or map the expression built itself (read values are never refused). */
    private static void checkBuilt(EvaluationBudget budget, Object result) {
      if (result instanceof Collection<?> || result instanceof Map<?, ?>) {
        if (result.getClass().getName().startsWith("dev.tyboo.")) {
          return; // a value read from an item or a view, not built here
        }
        int max = budget.limits().maxStringLength();
        budget.checkString(EvaluationBudget.textLength(result, max), "the result");
      }
    }

    private static ExpressionLimitException limitIn(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ExpressionLimitException limit) {
          return limit;
        }
      }
      return null;
    }

    private static boolean isStackOverflow(JexlException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StackOverflowError || t instanceof JexlException.StackOverflow) {
          return true;
        }
      }
      return false;
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
}

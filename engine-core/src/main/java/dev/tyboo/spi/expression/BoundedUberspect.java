package dev.tyboo.spi.expression;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlOperator;
import org.apache.commons.jexl3.introspection.JexlMethod;
import org.apache.commons.jexl3.introspection.JexlPropertyGet;
import org.apache.commons.jexl3.introspection.JexlPropertySet;
import org.apache.commons.jexl3.introspection.JexlUberspect;

/**
 * JEXL's introspection with every method call charged to the running evaluation's {@link
 * EvaluationBudget}: the work it does (the length of the string or collection it is called on) and
 * the string it returns. Calls that could build a string past the limit ({@code replace}, {@code
 * concat}, {@code toString} of a collection) are refused before they allocate it.
 */
final class BoundedUberspect implements JexlUberspect {

  private final JexlUberspect delegate;

  BoundedUberspect(JexlUberspect delegate) {
    this.delegate = delegate;
  }

  @Override
  public JexlMethod getMethod(Object obj, String method, Object... args) {
    JexlMethod found = delegate.getMethod(obj, method, args);
    return found == null ? null : new BoundedMethod(found, method);
  }

  @Override
  public JexlMethod getConstructor(Object ctorHandle, Object... args) {
    return null; // expressions create no objects
  }

  @Override
  public JexlArithmetic.Uberspect getArithmetic(JexlArithmetic arithmetic) {
    return delegate.getArithmetic(arithmetic);
  }

  @Override
  public JexlOperator.Uberspect getOperator(JexlArithmetic arithmetic) {
    return delegate.getOperator(arithmetic);
  }

  @Override
  public ClassLoader getClassLoader() {
    return delegate.getClassLoader();
  }

  @Override
  public Iterator<?> getIterator(Object obj) {
    return delegate.getIterator(obj);
  }

  @Override
  public JexlPropertyGet getPropertyGet(
      List<PropertyResolver> resolvers, Object obj, Object identifier) {
    return delegate.getPropertyGet(resolvers, obj, identifier);
  }

  @Override
  public JexlPropertyGet getPropertyGet(Object obj, Object identifier) {
    return delegate.getPropertyGet(obj, identifier);
  }

  @Override
  public JexlPropertySet getPropertySet(
      List<PropertyResolver> resolvers, Object obj, Object identifier, Object arg) {
    return null; // expressions assign nothing
  }

  @Override
  public JexlPropertySet getPropertySet(Object obj, Object identifier, Object arg) {
    return null;
  }

  @Override
  public List<PropertyResolver> getResolvers(JexlOperator op, Object obj) {
    return delegate.getResolvers(op, obj);
  }

  @Override
  public int getVersion() {
    return delegate.getVersion();
  }

  @Override
  public void setClassLoader(ClassLoader loader) {
    throw new UnsupportedOperationException("the expression class loader cannot be changed");
  }

  /** A method whose calls are charged and checked. */
  private record BoundedMethod(JexlMethod delegate, String name) implements JexlMethod {

    @Override
    public Object invoke(Object obj, Object... params) throws Exception {
      EvaluationBudget budget = EvaluationBudget.current();
      if (budget != null) {
        before(budget, obj, params);
      }
      Object result = delegate.invoke(obj, params);
      if (budget != null) {
        after(budget, result);
      }
      return result;
    }

    @Override
    public Object tryInvoke(String methodName, Object obj, Object... params) {
      EvaluationBudget budget = EvaluationBudget.current();
      if (budget != null && name.equals(methodName)) {
        before(budget, obj, params);
      }
      Object result = delegate.tryInvoke(methodName, obj, params);
      if (budget != null && !delegate.tryFailed(result)) {
        after(budget, result);
      }
      return result;
    }

    @Override
    public boolean tryFailed(Object rval) {
      return delegate.tryFailed(rval);
    }

    @Override
    public boolean isCacheable() {
      return delegate.isCacheable();
    }

    @Override
    public Class<?> getReturnType() {
      return delegate.getReturnType();
    }

    private void before(EvaluationBudget budget, Object obj, Object[] params) {
      if (obj instanceof String s) {
        budget.charge(s.length() + 1L);
        if (name.equals("concat") && params.length == 1 && params[0] instanceof String other) {
          budget.checkString((long) s.length() + other.length(), "concat");
        } else if (name.equals("replace")
            && params.length == 2
            && params[0] instanceof CharSequence target
            && params[1] instanceof CharSequence replacement) {
          budget.checkString(replacedLength(budget, s, target, replacement), "replace");
        }
      } else if (obj instanceof Collection<?> c) {
        budget.charge(c.size() + 1L);
        checkToString(budget, obj);
      } else if (obj instanceof Map<?, ?> m) {
        budget.charge(m.size() + 1L);
        checkToString(budget, obj);
      } else {
        budget.charge(1);
      }
    }

    private void checkToString(EvaluationBudget budget, Object obj) {
      if (name.equals("toString")) {
        int max = budget.limits().maxStringLength();
        long length = EvaluationBudget.textLength(obj, max);
        budget.charge(length);
        budget.checkString(length, "toString");
      }
    }

    private static long replacedLength(
        EvaluationBudget budget, String s, CharSequence target, CharSequence replacement) {
      long grow = replacement.length() - target.length();
      if (grow <= 0) {
        return s.length();
      }
      long occurrences =
          target.isEmpty() ? s.length() + 1L : s.length() / target.length(); // at most
      long upper = s.length() + occurrences * grow;
      if (upper <= budget.limits().maxStringLength() || target.isEmpty()) {
        return upper;
      }
      budget.charge(s.length());
      String t = target.toString();
      long found = 0;
      for (int at = s.indexOf(t); at >= 0; at = s.indexOf(t, at + t.length())) {
        found++;
      }
      return s.length() + found * grow;
    }

    private static void after(EvaluationBudget budget, Object result) {
      if (result instanceof String s) {
        budget.checkString(s.length(), "a method");
        budget.charge(s.length());
      }
    }
  }
}

package dev.tyboo.spi.expression;

import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.jexl3.JexlArithmetic;

/**
 * JEXL arithmetic bounded by the running evaluation's {@link EvaluationBudget}: string {@code +} is
 * refused before it builds a string past the limit, ranges and array literals past the largest
 * collection, and regex matches ({@code =~}) give up after {@link #REGEX_STEP_LIMIT} character
 * reads, which stops catastrophic backtracking. Array literals are lists, so that they are JSON.
 */
final class BoundedArithmetic extends JexlArithmetic {

  /** Regex matches give up after this many character reads. */
  static final int REGEX_STEP_LIMIT = 200_000;

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
  public Object add(Object left, Object right) {
    EvaluationBudget budget = EvaluationBudget.current();
    if (budget != null && !(left instanceof Number && right instanceof Number)) {
      long max = budget.limits().maxStringLength();
      long length =
          EvaluationBudget.textLength(left, max) + EvaluationBudget.textLength(right, max);
      budget.charge(length);
      budget.checkString(length, "+");
    }
    return super.add(left, right);
  }

  @Override
  public Iterable<?> createRange(Object from, Object to) {
    EvaluationBudget budget = EvaluationBudget.current();
    if (budget != null) {
      long size = Math.abs(toLong(to) - toLong(from)) + 1;
      budget.checkCollection(size, "the range " + from + ".." + to);
    }
    return super.createRange(from, to);
  }

  @Override
  public ArrayBuilder arrayBuilder(int size, boolean extended) {
    return new ListBuilder(size);
  }

  @Override
  public Boolean contains(Object container, Object value) {
    if (container instanceof Pattern || container instanceof CharSequence) {
      Pattern pattern = container instanceof Pattern p ? p : Pattern.compile(container.toString());
      Matcher m =
          pattern.matcher(
              new BoundedCharSequence(String.valueOf(value), new int[] {REGEX_STEP_LIMIT}));
      return m.matches();
    }
    return super.contains(container, value);
  }

  /** Builds array literals as unmodifiable lists, checking their size. */
  private static final class ListBuilder implements ArrayBuilder {
    private final List<Object> list;

    ListBuilder(int size) {
      EvaluationBudget budget = EvaluationBudget.current();
      if (budget != null) {
        budget.checkCollection(size, "an array literal");
      }
      list = new ArrayList<>(size);
    }

    @Override
    public void add(Object value) {
      list.add(value);
    }

    @Override
    public Object create(boolean extended) {
      return Collections.unmodifiableList(list);
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

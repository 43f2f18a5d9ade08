package dev.tyboo.spi.expression;

import dev.tyboo.spi.expression.ExpressionLanguage.CompiledExpression;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.util.Objects;

/**
 * The commonest condition: a field chain compared with a number, a quoted literal or another field
 * chain, {@code $json.total > 100}, {@code $json.status == 'paid'}. This reads the fields and
 * compares them without JEXL's interpreter when the answer is plain: two whole numbers ({@code
 * Integer}, {@code Long}) under any of {@code < <= > >= == !=}, or two strings under {@code ==} and
 * {@code !=}. Anything else (a {@code null}, a decimal, a number against a string, strings ordered
 * by {@code <}, a walk that cannot decide) hands the whole evaluation to the compiled JEXL
 * expression, so that results and errors are JEXL's.
 */
final class Comparison implements CompiledExpression {

  private enum Operator {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    EQ("=="),
    NE("!=");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    static Operator of(String symbol) {
      for (Operator o : values()) {
        if (o.symbol.equals(symbol)) {
          return o;
        }
      }
      return null;
    }

    boolean holds(int order) {
      return switch (this) {
        case LT -> order < 0;
        case LE -> order <= 0;
        case GT -> order > 0;
        case GE -> order >= 0;
        case EQ -> order == 0;
        case NE -> order != 0;
      };
    }
  }

  private final CompiledExpression jexl;
  private final Object left; // a PropertyPath, a Long or a String
  private final Operator operator;
  private final Object right;

  private Comparison(CompiledExpression jexl, Object left, Operator operator, Object right) {
    this.jexl = jexl;
    this.left = left;
    this.operator = operator;
    this.right = right;
  }

  /**
   * {@return a fast path for {@code jexl}'s source if it is such a comparison, else {@code jexl}}
   *
   * @param jexl the compiled JEXL expression, used whenever the fast path cannot decide
   */
  static CompiledExpression of(CompiledExpression jexl) {
    String source = jexl.source();
    int at = -1;
    int length = 0;
    char quote = 0;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\') {
        return jexl;
      }
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if ("<>=!~".indexOf(c) >= 0) {
        if (at >= 0) {
          return jexl; // a second operator: something else
        }
        at = i;
        length = i + 1 < source.length() && "=~^$".indexOf(source.charAt(i + 1)) >= 0 ? 2 : 1;
        i += length - 1;
      }
    }
    Operator operator = at < 0 ? null : Operator.of(source.substring(at, at + length));
    if (operator == null || quote != 0) {
      return jexl;
    }
    Object left = operand(source.substring(0, at).strip(), jexl);
    Object right = operand(source.substring(at + length).strip(), jexl);
    if (left == null
        || right == null
        || !(left instanceof PropertyPath || right instanceof PropertyPath)) {
      return jexl;
    }
    return new Comparison(jexl, left, operator, right);
  }

  /** {@return a field chain, a whole-number literal, a quoted literal, or {@code null}} */
  private static Object operand(String text, CompiledExpression jexl) {
    if (text.isEmpty()) {
      return null;
    }
    char q = text.charAt(0);
    if ((q == '\'' || q == '"') && text.length() >= 2 && text.charAt(text.length() - 1) == q) {
      String inner = text.substring(1, text.length() - 1);
      return inner.indexOf(q) < 0 ? inner : null;
    }
    if (text.length() <= 18 && text.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(text);
    }
    return PropertyPath.parse(text, jexl);
  }

  @Override
  public String source() {
    return jexl.source();
  }

  @Override
  public Object evaluate(ExpressionScope scope) {
    Object a = left instanceof PropertyPath p ? p.read(scope) : left;
    Object b = right instanceof PropertyPath p ? p.read(scope) : right;
    if (isWhole(a) && isWhole(b)) {
      return operator.holds(Long.compare(((Number) a).longValue(), ((Number) b).longValue()));
    }
    if (a instanceof String
        && b instanceof String
        && (operator == Operator.EQ || operator == Operator.NE)) {
      return operator.holds(Objects.equals(a, b) ? 0 : 1);
    }
    return jexl.evaluate(scope); // UNDECIDED, null, decimals, mixed types: JEXL decides
  }

  private static boolean isWhole(Object v) {
    return v instanceof Integer || v instanceof Long;
  }
}

package dev.tyboo.spi.expression;

import dev.tyboo.spi.expression.ExpressionLanguage.CompiledExpression;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.util.ArrayList;
import java.util.List;

/**
 * The other common shape: string building, {@code $json.first + ' ' + $json.last}, operands that
 * are field chains or plain string literals joined by {@code +}. This evaluates it by reading the
 * fields and joining them, without JEXL's interpreter (an order of magnitude faster).
 *
 * <p>JEXL's strict {@code +} joins as text when either side is a string, and adds numbers when
 * neither is; this path decides only the cases where the answer is plain: every operand read is a
 * string, an integer ({@code Integer}, {@code Long}) or a boolean, whose text is the same in JEXL
 * and in Java, and the first or second operand is a string, so that every {@code +} (they group
 * from the left) joins text. Anything else (a {@code null}, a decimal, a map, two numbers first, a
 * result longer than {@link ExpressionLimits#maxStringLength()}, a walk that cannot decide) hands
 * the whole evaluation to the compiled JEXL expression, so that results and errors are JEXL's.
 */
final class Concatenation implements CompiledExpression {

  private final CompiledExpression jexl;
  private final Object[] operands; // String literals and PropertyPaths
  private final int maxLength;

  private Concatenation(CompiledExpression jexl, Object[] operands, int maxLength) {
    this.jexl = jexl;
    this.operands = operands;
    this.maxLength = maxLength;
  }

  /**
   * {@return a fast path for {@code jexl}'s source if it is a concatenation of field chains and
   * string literals, else {@code jexl}}
   *
   * @param jexl the compiled JEXL expression, used whenever the fast path cannot decide
   * @param limits the limits, whose longest string the fast path keeps to
   */
  static CompiledExpression of(CompiledExpression jexl, ExpressionLimits limits) {
    List<String> parts = split(jexl.source());
    if (parts == null || parts.size() < 2) {
      return jexl;
    }
    Object[] operands = new Object[parts.size()];
    for (int i = 0; i < operands.length; i++) {
      String part = parts.get(i).strip();
      Object operand = literal(part);
      if (operand == null) {
        operand = PropertyPath.parse(part, jexl);
      }
      if (operand == null) {
        return jexl;
      }
      operands[i] = operand;
    }
    return new Concatenation(jexl, operands, limits.maxStringLength());
  }

  /** The source split at each {@code +} outside quotes, or {@code null} for an escape. */
  private static List<String> split(String source) {
    List<String> parts = new ArrayList<>();
    char quote = 0;
    int start = 0;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\') {
        return null; // escapes are JEXL's to read
      }
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '+') {
        parts.add(source.substring(start, i));
        start = i + 1;
      }
    }
    if (quote != 0) {
      return null;
    }
    parts.add(source.substring(start));
    return parts;
  }

  /** {@return the text of a quoted literal without escapes, or {@code null}} */
  private static String literal(String part) {
    if (part.length() < 2) {
      return null;
    }
    char q = part.charAt(0);
    if ((q != '\'' && q != '"') || part.charAt(part.length() - 1) != q) {
      return null;
    }
    String text = part.substring(1, part.length() - 1);
    return text.indexOf(q) < 0 ? text : null;
  }

  @Override
  public String source() {
    return jexl.source();
  }

  @Override
  public Object evaluate(ExpressionScope scope) {
    Object[] values = new Object[operands.length];
    long length = 0;
    for (int i = 0; i < operands.length; i++) {
      Object v = operands[i] instanceof PropertyPath path ? path.read(scope) : operands[i];
      if (!(v instanceof String
          || v instanceof Integer
          || v instanceof Long
          || v instanceof Boolean)) {
        return jexl.evaluate(scope); // UNDECIDED, null, a decimal, a map: JEXL decides
      }
      values[i] = v;
      length += v instanceof String s ? s.length() : 20;
    }
    if (!(values[0] instanceof String || values[1] instanceof String) || length > maxLength) {
      return jexl.evaluate(scope); // numbers added first, or a string past the limit
    }
    StringBuilder sb = new StringBuilder((int) length);
    for (Object v : values) {
      sb.append(v);
    }
    return sb.toString();
  }
}

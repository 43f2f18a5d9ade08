package dev.tyboo.spi.expression;

import dev.tyboo.spi.expression.ExpressionLanguage.CompiledExpression;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The most common expressions only read a chain of fields: {@code $json.customer.email}, {@code
 * $vars.limit}, {@code $node('fetch').json.id}. This evaluates them by walking maps, without JEXL's
 * interpreter (several times faster). Whenever the walk meets anything unusual (a value that is not
 * a map on the way, a missing node, a variable that does not exist) it hands the whole evaluation
 * to the compiled JEXL expression, so results and errors are exactly JEXL's.
 */
final class PropertyPath implements CompiledExpression {

  /** What {@link #read} answers when the walk cannot decide and JEXL must. */
  static final Object UNDECIDED = new Object();

  private static final Pattern SHAPE =
      Pattern.compile(
          "\\s*(\\$json|\\$vars|\\$node\\(\\s*(?:'([A-Za-z0-9_ .-]*)'|\"([A-Za-z0-9_ .-]*)\")\\s*\\)\\.json)"
              + "((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\s*");

  private final CompiledExpression jexl;
  private final String variable;
  private final String nodeId;
  private final String[] keys;

  private PropertyPath(CompiledExpression jexl, String variable, String nodeId, String[] keys) {
    this.jexl = jexl;
    this.variable = variable;
    this.nodeId = nodeId;
    this.keys = keys;
  }

  /**
   * {@return a fast path for {@code jexl}'s source if it is a plain field chain, else {@code jexl}}
   *
   * @param jexl the compiled JEXL expression, used whenever the fast path cannot decide
   */
  static CompiledExpression of(CompiledExpression jexl) {
    PropertyPath path = parse(jexl.source(), jexl);
    return path != null ? path : jexl;
  }

  /**
   * {@return the field chain that {@code text} is, or {@code null} when it is something else}
   *
   * @param text a whole expression, or one operand of a concatenation
   * @param jexl the compiled JEXL expression of the whole source, for {@link #evaluate}
   */
  static PropertyPath parse(String text, CompiledExpression jexl) {
    Matcher m = SHAPE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    String root = m.group(1);
    String nodeId = m.group(2) != null ? m.group(2) : m.group(3);
    String[] keys = m.group(4).isEmpty() ? new String[0] : m.group(4).substring(1).split("\\.");
    return new PropertyPath(jexl, nodeId != null ? "$node" : root, nodeId, keys);
  }

  @Override
  public String source() {
    return jexl.source();
  }

  @Override
  public Object evaluate(ExpressionScope scope) {
    Object value = read(scope);
    return value != UNDECIDED ? value : jexl.evaluate(scope);
  }

  /**
   * {@return the value at the end of the chain, or {@link #UNDECIDED} when the walk met anything
   * unusual and JEXL must decide (and word any error)}
   *
   * @param scope the variables
   */
  Object read(ExpressionScope scope) {
    Object current = scope.get(variable);
    if (nodeId != null) {
      if (!(current instanceof NodeLookupView lookup)) {
        return UNDECIDED;
      }
      try {
        current = lookup.call(nodeId).getJson();
      } catch (RuntimeException notThere) {
        return UNDECIDED; // JEXL reports it in its own words
      }
    } else if (current == null) {
      return UNDECIDED;
    }
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return UNDECIDED; // null on the way, or a string/list/number: JEXL's rules apply
      }
      current = map.get(key);
    }
    return current;
  }
}

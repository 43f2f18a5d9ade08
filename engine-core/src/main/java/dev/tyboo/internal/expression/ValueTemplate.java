package dev.tyboo.internal.expression;

import dev.tyboo.error.ExpressionException;
import dev.tyboo.error.ExpressionLimitException;
import dev.tyboo.error.ExpressionSyntaxException;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.spi.expression.ExpressionLanguage.CompiledExpression;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import dev.tyboo.spi.expression.InputView;
import dev.tyboo.spi.expression.NodeOutputView;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A parameter value with its {@code {{ }}} templates compiled. Values without templates are kept as
 * constants and cost nothing to resolve.
 */
public sealed interface ValueTemplate {

  /** Marker written before an expression. */
  String OPEN = "{{";

  /** Marker written after an expression. */
  String CLOSE = "}}";

  /**
   * {@return the resolved JSON value}
   *
   * @param scope the variables of one item
   * @param itemIndex the item's index, for error messages
   * @throws ExpressionException when an expression fails
   */
  Object resolve(ExpressionScope scope, int itemIndex);

  /** {@return whether the value holds no expression} */
  boolean isConstant();

  /**
   * Compiles a raw parameter value.
   *
   * @param raw the frozen JSON value as written in the workflow
   * @param path the parameter path, for example {@code body.name}, for error messages
   * @param language the expression language
   * @param onSyntaxError receives the path and the error of each expression that does not compile;
   *     the value then resolves to an error at run time (validation refuses such workflows first)
   * @return the template
   */
  static ValueTemplate compile(
      Object raw,
      String path,
      ExpressionLanguage language,
      BiConsumer<String, ExpressionSyntaxException> onSyntaxError) {
    if (raw instanceof String s) {
      return s.contains(OPEN) ? compileString(s, path, language, onSyntaxError) : new Constant(s);
    }
    if (raw instanceof Map<?, ?> map) {
      LinkedHashMap<String, ValueTemplate> fields = new LinkedHashMap<>();
      boolean constant = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        ValueTemplate t = compile(e.getValue(), path + "." + e.getKey(), language, onSyntaxError);
        fields.put((String) e.getKey(), t);
        constant &= t.isConstant();
      }
      return constant ? new Constant(raw) : new ObjectTemplate(fields);
    }
    if (raw instanceof List<?> list) {
      List<ValueTemplate> elements = new ArrayList<>(list.size());
      boolean constant = true;
      for (int i = 0; i < list.size(); i++) {
        ValueTemplate t = compile(list.get(i), path + "[" + i + "]", language, onSyntaxError);
        elements.add(t);
        constant &= t.isConstant();
      }
      return constant ? new Constant(raw) : new ArrayTemplate(elements);
    }
    return new Constant(raw);
  }

  /**
   * {@return a template that resolves to the value as written, braces and all}
   *
   * @param raw the frozen JSON value as written in the workflow
   */
  static ValueTemplate literal(Object raw) {
    return new Constant(raw);
  }

  private static ValueTemplate compileString(
      String s,
      String path,
      ExpressionLanguage language,
      BiConsumer<String, ExpressionSyntaxException> onSyntaxError) {
    List<String> literals = new ArrayList<>();
    List<CompiledExpression> expressions = new ArrayList<>();
    int pos = 0;
    while (true) {
      int open = s.indexOf(OPEN, pos);
      if (open < 0) {
        literals.add(s.substring(pos));
        break;
      }
      int close = s.indexOf(CLOSE, open + OPEN.length());
      if (close < 0) {
        ExpressionSyntaxException e =
            new ExpressionSyntaxException(
                "'{{' at position " + open + " has no closing '}}'", null);
        onSyntaxError.accept(path, e);
        return new Broken(path, s, e);
      }
      literals.add(s.substring(pos, open));
      String source = s.substring(open + OPEN.length(), close).strip();
      try {
        expressions.add(language.compile(source));
      } catch (ExpressionSyntaxException e) {
        onSyntaxError.accept(path, e);
        return new Broken(path, source, e);
      }
      pos = close + CLOSE.length();
    }
    if (expressions.size() == 1 && literals.get(0).isEmpty() && literals.get(1).isEmpty()) {
      return new Single(path, expressions.get(0));
    }
    return new Interpolation(
        path,
        literals.toArray(String[]::new),
        expressions.toArray(CompiledExpression[]::new),
        language.limits().maxStringLength());
  }

  /** Converts what an expression returned into a frozen JSON value. */
  static Object toJson(Object value) {
    if (value instanceof InputView v) {
      return JsonValues.freeze(v.toJson(), "$input");
    }
    if (value instanceof NodeOutputView v) {
      return JsonValues.freeze(v.toJson(), "$node");
    }
    if (value instanceof TemporalAccessor t) {
      return t.toString();
    }
    if (value instanceof BinaryRef ref) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", ref.id());
      m.put("fileName", ref.fileName());
      m.put("mimeType", ref.mimeType());
      m.put("size", ref.size());
      return JsonValues.freezeObject(m, "$binary");
    }
    try {
      return JsonValues.freeze(value, "result");
    } catch (IllegalArgumentException notJson) {
      return String.valueOf(value);
    }
  }

  private static Object evaluate(
      String path, CompiledExpression expression, ExpressionScope scope, int itemIndex) {
    try {
      return expression.evaluate(scope);
    } catch (ExpressionLimitException e) {
      throw e.in(path, itemIndex);
    } catch (RuntimeException e) {
      throw new ExpressionException(path, expression.source(), itemIndex, e.getMessage(), e);
    }
  }

  /** A value without expressions. */
  record Constant(Object value) implements ValueTemplate {
    @Override
    public Object resolve(ExpressionScope scope, int itemIndex) {
      return value;
    }

    @Override
    public boolean isConstant() {
      return true;
    }
  }

  /**
   * A string that is exactly one expression: resolves to the expression's value, whatever its type.
   */
  record Single(String path, CompiledExpression expression) implements ValueTemplate {
    @Override
    public Object resolve(ExpressionScope scope, int itemIndex) {
      return toJson(evaluate(path, expression, scope, itemIndex));
    }

    @Override
    public boolean isConstant() {
      return false;
    }
  }

  /** Text with expressions inside: resolves to a string. */
  record Interpolation(
      String path, String[] literals, CompiledExpression[] expressions, int maxLength)
      implements ValueTemplate {
    @Override
    public Object resolve(ExpressionScope scope, int itemIndex) {
      StringBuilder sb = new StringBuilder(literals[0]);
      for (int i = 0; i < expressions.length; i++) {
        Object v = toJson(evaluate(path, expressions[i], scope, itemIndex));
        String text = v == null ? "" : v.toString();
        long length = (long) sb.length() + text.length() + literals[i + 1].length();
        if (length > maxLength) {
          throw new ExpressionLimitException(
              path,
              expressions[i].source(),
              itemIndex,
              ExpressionLimitException.Limit.STRING_LENGTH,
              "the text around the expressions would be longer than "
                  + maxLength
                  + " characters (limit maxStringLength)");
        }
        sb.append(text).append(literals[i + 1]);
      }
      return sb.toString();
    }

    @Override
    public boolean isConstant() {
      return false;
    }
  }

  /** An object with expressions in some fields. */
  record ObjectTemplate(Map<String, ValueTemplate> fields) implements ValueTemplate {
    @Override
    public Object resolve(ExpressionScope scope, int itemIndex) {
      LinkedHashMap<String, Object> out = LinkedHashMap.newLinkedHashMap(fields.size());
      fields.forEach((k, t) -> out.put(k, t.resolve(scope, itemIndex)));
      return JsonValues.freezeObject(out, "");
    }

    @Override
    public boolean isConstant() {
      return false;
    }
  }

  /** An array with expressions in some elements. */
  record ArrayTemplate(List<ValueTemplate> elements) implements ValueTemplate {
    @Override
    public Object resolve(ExpressionScope scope, int itemIndex) {
      List<Object> out = new ArrayList<>(elements.size());
      for (ValueTemplate t : elements) {
        out.add(t.resolve(scope, itemIndex));
      }
      return JsonValues.freeze(out, "");
    }

    @Override
    public boolean isConstant() {
      return false;
    }
  }

  /** An expression that did not compile; validation reports it before anything runs. */
  record Broken(String path, String source, ExpressionSyntaxException error)
      implements ValueTemplate {
    @Override
    public Object resolve(ExpressionScope scope, int itemIndex) {
      throw new ExpressionException(path, source, itemIndex, error.getMessage(), error);
    }

    @Override
    public boolean isConstant() {
      return false;
    }
  }
}

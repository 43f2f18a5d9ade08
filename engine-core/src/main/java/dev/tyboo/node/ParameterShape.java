package dev.tyboo.node;

import dev.tyboo.internal.node.TimeValues;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Java type is a node parameter: its {@link PropertyType}, allowed values and fields, and the
 * conversion of a resolved JSON value to it.
 *
 * @param type the parameter type
 * @param options the allowed values (an enum's constants), or empty
 * @param fields a record's fields, or empty
 * @param binder converts a JSON value
 * @param unset the value of an unset parameter: {@code null}, or zero for a primitive
 */
record ParameterShape(
    PropertyType type,
    List<Object> options,
    List<PropertySpec> fields,
    Binder binder,
    Object unset) {

  /** Converts a resolved JSON value (not {@code null}) to the component's Java type. */
  @FunctionalInterface
  interface Binder {
    Object bind(Object json, String path, int itemIndex);
  }

  /** The boxes of the primitive types a parameter may have, with their zeros. */
  private static final Map<Class<?>, Map.Entry<Class<?>, Object>> PRIMITIVES =
      Map.of(
          int.class, Map.entry(Integer.class, 0),
          long.class, Map.entry(Long.class, 0L),
          double.class, Map.entry(Double.class, 0.0),
          float.class, Map.entry(Float.class, 0.0f),
          boolean.class, Map.entry(Boolean.class, false));

  /** {@return the component's value for a JSON value, {@code null} included} */
  Object bind(Object json, String path, int itemIndex) {
    return json == null ? unset : binder.bind(json, path, itemIndex);
  }

  private static ParameterShape simple(PropertyType type, Binder binder) {
    return new ParameterShape(type, List.of(), List.of(), binder, null);
  }

  /**
   * {@return the shape of a component's type}
   *
   * @param javaType the component's generic type
   * @param where the component, for errors
   * @throws IllegalArgumentException when no parameter type fits it
   */
  static ParameterShape of(Type javaType, String where) {
    if (javaType instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw) && raw.isAssignableFrom(List.class)) {
        ParameterShape element = of(bound(args[0]), where + "[]");
        return simple(PropertyType.ARRAY, list(element));
      }
      if (Map.class.isAssignableFrom(raw) && raw.isAssignableFrom(Map.class)) {
        if (bound(args[0]) != String.class && bound(args[0]) != Object.class) {
          throw new IllegalArgumentException(where + ": a map parameter has String keys");
        }
        ParameterShape value = of(bound(args[1]), where + "{}");
        return simple(PropertyType.OBJECT, map(value));
      }
    }
    if (!(javaType instanceof Class<?> c)) {
      throw unfit(javaType, where);
    }
    Map.Entry<Class<?>, Object> primitive = PRIMITIVES.get(c);
    if (primitive != null) {
      ParameterShape boxed = of(primitive.getKey(), where);
      return new ParameterShape(
          boxed.type, List.of(), List.of(), boxed.binder, primitive.getValue());
    }
    if (c == String.class) {
      return simple(
          PropertyType.STRING, (v, path, i) -> expect(v, String.class, "a string", path, i));
    }
    if (c == Boolean.class) {
      return simple(
          PropertyType.BOOLEAN, (v, path, i) -> expect(v, Boolean.class, "a boolean", path, i));
    }
    if (c == Integer.class || c == Long.class || c == BigInteger.class) {
      return simple(PropertyType.INTEGER, (v, path, i) -> integer(v, c, path, i));
    }
    if (c == Double.class || c == Float.class || c == BigDecimal.class || c == Number.class) {
      return simple(PropertyType.NUMBER, (v, path, i) -> number(v, c, path, i));
    }
    if (c == Duration.class) {
      return simple(PropertyType.DURATION, parsed(TimeValues::duration, TimeValues.DURATION_FORM));
    }
    if (c == Instant.class) {
      return simple(PropertyType.INSTANT, parsed(TimeValues::instant, TimeValues.INSTANT_FORM));
    }
    if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      List<Object> names =
          Arrays.stream(constants).map(e -> (Object) ((Enum<?>) e).name()).toList();
      return new ParameterShape(
          PropertyType.STRING,
          names,
          List.of(),
          (v, path, i) -> {
            int k = names.indexOf(v);
            if (k < 0) {
              throw NodeFailure.badParameter(path, i, "must be one of " + names, v);
            }
            return constants[k];
          },
          null);
    }
    if (c.isRecord()) {
      RecordParameters<?> nested = RecordParameters.of(c.asSubclass(Record.class));
      return new ParameterShape(
          PropertyType.OBJECT,
          List.of(),
          nested.specs(),
          (v, path, i) -> nested.bindObject(expect(v, Map.class, "an object", path, i), path, i),
          null);
    }
    if (c == Map.class) {
      return simple(PropertyType.OBJECT, map(of(Object.class, where)));
    }
    if (c == List.class) {
      return simple(PropertyType.ARRAY, list(of(Object.class, where)));
    }
    if (c == Object.class) {
      return simple(PropertyType.ANY, (v, path, i) -> v);
    }
    throw unfit(javaType, where);
  }

  /** Binds a text through a parser that gives {@code null} for what it cannot read. */
  private static Binder parsed(java.util.function.Function<String, Object> parser, String form) {
    return (v, path, i) -> {
      Object parsed = v instanceof String s ? parser.apply(s) : null;
      if (parsed == null) {
        throw NodeFailure.badParameter(path, i, "must be " + form, v);
      }
      return parsed;
    };
  }

  private static Type bound(Type t) {
    return t instanceof WildcardType w ? w.getUpperBounds()[0] : t;
  }

  private static IllegalArgumentException unfit(Type t, String where) {
    return new IllegalArgumentException(
        where
            + " has type "
            + t.getTypeName()
            + ", which no parameter type fits; use String, a number, Boolean, an enum, Duration,"
            + " Instant, List, Map, a record or Object");
  }

  private static Binder list(ParameterShape element) {
    return (v, path, i) -> {
      List<?> in = expect(v, List.class, "an array", path, i);
      List<Object> out = new ArrayList<>(in.size());
      for (int k = 0; k < in.size(); k++) {
        out.add(element.bind(in.get(k), path + "[" + k + "]", i));
      }
      return Collections.unmodifiableList(out);
    };
  }

  private static Binder map(ParameterShape value) {
    return (v, path, i) -> {
      Map<?, ?> in = expect(v, Map.class, "an object", path, i);
      Map<String, Object> out = new LinkedHashMap<>();
      in.forEach((k, e) -> out.put(String.valueOf(k), value.bind(e, path + "." + k, i)));
      return Collections.unmodifiableMap(out);
    };
  }

  private static <T> T expect(Object v, Class<T> type, String what, String path, int i) {
    if (!type.isInstance(v)) {
      throw NodeFailure.badParameter(path, i, "must be " + what, v);
    }
    return type.cast(v);
  }

  private static Object integer(Object v, Class<?> to, String path, int i) {
    BigDecimal d = decimal(v, "an integer", path, i);
    try {
      BigInteger n = d.toBigIntegerExact();
      if (to == BigInteger.class) {
        return n;
      }
      return to == Long.class ? (Object) n.longValueExact() : (Object) n.intValueExact();
    } catch (ArithmeticException e) {
      throw NodeFailure.badParameter(
          path,
          i,
          to == Long.class
              ? "must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
              : "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE,
          v);
    }
  }

  private static Object number(Object v, Class<?> to, String path, int i) {
    if (to == Number.class) {
      return expect(v, Number.class, "a number", path, i);
    }
    BigDecimal d = decimal(v, "a number", path, i);
    if (to == BigDecimal.class) {
      return d;
    }
    return to == Float.class ? (Object) d.floatValue() : (Object) d.doubleValue();
  }

  private static BigDecimal decimal(Object v, String what, String path, int i) {
    if (!(v instanceof Number n)) {
      throw NodeFailure.badParameter(path, i, "must be " + what, v);
    }
    if (n instanceof Double x && !Double.isFinite(x)
        || n instanceof Float f && !Float.isFinite(f)) {
      throw NodeFailure.badParameter(path, i, "must be a finite " + what.substring(2), v);
    }
    return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
  }
}

package dev.tyboo.spi.expression;

import dev.tyboo.spi.binary.BinaryRef;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * Deny-by-default permissions: expressions may call a short list of side-effect-free methods on
 * data values and on the engine's own expression variables. No constructors, no fields, no
 * reflection, no {@code getClass}. Methods that can allocate without bound ({@code repeat}, {@code
 * formatted}) or run regular expressions without a step limit ({@code matches}, {@code split},
 * {@code replaceAll}) are left out.
 */
final class SafeJexlPermissions implements JexlPermissions {

  private static final Set<String> OBJECT = Set.of("toString", "equals", "hashCode", "compareTo");
  private static final Set<String> STRING =
      Set.of(
          "length",
          "isEmpty",
          "isBlank",
          "charAt",
          "substring",
          "indexOf",
          "lastIndexOf",
          "contains",
          "startsWith",
          "endsWith",
          "toUpperCase",
          "toLowerCase",
          "trim",
          "strip",
          "stripLeading",
          "stripTrailing",
          "replace",
          "concat",
          "equalsIgnoreCase",
          "compareToIgnoreCase");
  private static final Set<String> NUMBER =
      Set.of(
          "intValue",
          "longValue",
          "doubleValue",
          "floatValue",
          "shortValue",
          "byteValue",
          "abs",
          "negate",
          "signum",
          "scale",
          "precision",
          "stripTrailingZeros",
          "toPlainString",
          "isNaN",
          "isInfinite",
          "booleanValue");
  private static final Set<String> MAP =
      Set.of(
          "get",
          "getOrDefault",
          "containsKey",
          "containsValue",
          "size",
          "isEmpty",
          "keySet",
          "values");
  private static final Set<String> COLLECTION =
      Set.of(
          "get",
          "size",
          "isEmpty",
          "contains",
          "indexOf",
          "lastIndexOf",
          "subList",
          "getFirst",
          "getLast");
  private static final Set<String> BINARY = Set.of("id", "fileName", "mimeType", "size");
  private static final Set<Class<?>> VIEWS =
      Set.of(InputView.class, NodeLookupView.class, NodeOutputView.class);

  @Override
  public boolean allow(Package pack) {
    return true; // decided per class and method below
  }

  @Override
  public boolean allow(Class<?> clazz) {
    return clazz == Object.class
        || clazz == String.class
        || clazz == Boolean.class
        || clazz == Character.class
        || clazz == CharSequence.class
        || clazz == Comparable.class
        || clazz == Iterable.class
        || clazz == BinaryRef.class
        || Number.class.isAssignableFrom(clazz) && clazz.getPackageName().startsWith("java.")
        || Map.class.isAssignableFrom(clazz)
        || Collection.class.isAssignableFrom(clazz)
        || isJavaTime(clazz)
        || isView(clazz);
  }

  @Override
  public boolean allow(Constructor<?> ctor) {
    return false;
  }

  @Override
  public boolean allow(Field field) {
    return false;
  }

  @Override
  public boolean allow(Method method) {
    Class<?> owner = method.getDeclaringClass();
    String name = method.getName();
    if (Class.class.isAssignableFrom(method.getReturnType())
        || ClassLoader.class.isAssignableFrom(method.getReturnType())) {
      return false;
    }
    if (OBJECT.contains(name)) {
      return true;
    }
    if (owner == String.class || owner == CharSequence.class) {
      return STRING.contains(name);
    }
    if (Number.class.isAssignableFrom(owner) || owner == Boolean.class) {
      return NUMBER.contains(name);
    }
    if (Map.class.isAssignableFrom(owner)) {
      return MAP.contains(name);
    }
    if (Collection.class.isAssignableFrom(owner) || owner == Iterable.class) {
      return COLLECTION.contains(name);
    }
    if (owner == BinaryRef.class) {
      return BINARY.contains(name);
    }
    if (isJavaTime(owner)) {
      return !name.startsWith("query") && !name.equals("getChronology");
    }
    return isView(owner);
  }

  private static boolean isJavaTime(Class<?> clazz) {
    return clazz.getPackageName().equals("java.time")
        || clazz.getPackageName().equals("java.time.temporal");
  }

  private static boolean isView(Class<?> clazz) {
    return VIEWS.contains(clazz);
  }

  @Override
  public JexlPermissions compose(String... src) {
    throw new UnsupportedOperationException(
        "the engine's expression permissions cannot be widened");
  }
}

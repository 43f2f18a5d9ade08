package dev.tyboo.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.json.JsonMappers;
import java.lang.reflect.Constructor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A record type whose components are node parameters: the {@link PropertySpec}s it declares and the
 * binding of resolved parameter values to an instance. One per record class, cached.
 *
 * @param <R> the record type
 */
final class RecordParameters<R extends Record> {

  private static final ObjectMapper JSON = JsonMappers.standard();

  private static final ClassValue<RecordParameters<?>> CACHE =
      new ClassValue<>() {
        @Override
        protected RecordParameters<?> computeValue(Class<?> type) {
          return new RecordParameters<>(type.asSubclass(Record.class));
        }
      };

  /** The records being derived on this thread: a record that contains itself has no schema. */
  private static final ThreadLocal<java.util.Set<Class<?>>> DERIVING =
      ThreadLocal.withInitial(java.util.HashSet::new);

  /**
   * One component: its parameter's name and spec, how its value binds, and the index of the
   * component its {@code requiredWhen} names (-1 for none).
   */
  private record Component(String name, PropertySpec spec, ParameterShape shape, int whenIndex) {}

  private final Class<R> type;
  private final Component[] components;
  private final List<PropertySpec> specs;
  private final Constructor<R> constructor;

  private RecordParameters(Class<R> type) {
    this.type = type;
    RecordComponent[] rc = type.getRecordComponents();
    components = new Component[rc.length];
    Class<?>[] javaTypes = new Class<?>[rc.length];
    if (!DERIVING.get().add(type)) {
      throw new IllegalArgumentException(
          type.getName() + " contains itself: a parameters record cannot be recursive");
    }
    try {
      for (int i = 0; i < rc.length; i++) {
        components[i] = component(rc[i]);
        javaTypes[i] = rc[i].getType();
      }
    } finally {
      DERIVING.get().remove(type);
    }
    withConditions(components);
    specs = Arrays.stream(components).map(Component::spec).toList();
    try {
      constructor = type.getDeclaredConstructor(javaTypes);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("record " + type.getName() + " has no canonical constructor");
    }
    try {
      constructor.setAccessible(true);
    } catch (InaccessibleObjectException e) {
      // a public record in an exported package needs no access; others fail when bound
    }
  }

  /**
   * {@return the parameters of a record type}
   *
   * @param type a record type whose components are parameters
   * @param <R> the record type
   * @throws IllegalArgumentException when it is not a record, or a component cannot be a parameter
   */
  @SuppressWarnings("unchecked")
  static <R extends Record> RecordParameters<R> of(Class<R> type) {
    if (type == null || !type.isRecord()) {
      throw new IllegalArgumentException("parameters must be declared by a record type: " + type);
    }
    return (RecordParameters<R>) CACHE.get(type);
  }

  /** {@return the parameters it declares, one per component, in order} */
  List<PropertySpec> specs() {
    return specs;
  }

  /**
   * {@return an instance holding the parameters' values}
   *
   * @param values resolves a parameter by name (expressions evaluated, defaults applied, types
   *     checked)
   * @param itemIndex the input item the values were resolved for
   * @throws dev.tyboo.error.NonRetryableNodeException when a value does not fit its component, a
   *     conditionally required one is missing, or the record's constructor refuses the values
   */
  R bind(Function<String, Object> values, int itemIndex) {
    return bind(values, "", itemIndex);
  }

  R bind(Function<String, Object> values, String prefix, int itemIndex) {
    Object[] args = new Object[components.length]; // the resolved values, then the bound ones
    for (int i = 0; i < components.length; i++) {
      args[i] = values.apply(components[i].name);
    }
    for (int i = 0; i < components.length; i++) {
      if (args[i] == null) { // before any binding: the conditions read the resolved values
        Component c = components[i];
        PropertyCondition when = c.spec.requiredWhen();
        if (c.spec.isRequired() || when != null && when.holds(resolvedOf(c, args, i))) {
          throw NodeFailure.missingParameter(
              prefix + c.name, itemIndex, when == null ? "" : "when " + when);
        }
      }
    }
    for (int i = 0; i < components.length; i++) {
      Component c = components[i];
      args[i] = c.shape.bind(args[i], prefix.isEmpty() ? c.name : prefix + c.name, itemIndex);
    }
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof NodeExecutionException n) {
        throw n;
      }
      throw new dev.tyboo.error.NonRetryableNodeException(
          (prefix.isEmpty() ? "parameters" : "parameter '" + prefix.replaceAll("\\.$", "") + "'")
              + " refused by "
              + type.getSimpleName()
              + ": "
              + cause.getMessage(),
          itemIndex,
          cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot create "
              + type.getName()
              + ": make the record and its constructor public, or open its package to"
              + " dev.tyboo.core",
          e);
    }
  }

  private static Object resolvedOf(Component c, Object[] resolved, int self) {
    return c.whenIndex < 0 || c.whenIndex == self ? null : resolved[c.whenIndex];
  }

  /** Binds a JSON object to the record, its fields' defaults applied. */
  R bindObject(Map<?, ?> object, String path, int itemIndex) {
    return bind(
        name -> {
          Object v = object.get(name);
          return v != null ? v : specOf(name).defaultValue();
        },
        path + ".",
        itemIndex);
  }

  private PropertySpec specOf(String name) {
    for (Component c : components) {
      if (c.name.equals(name)) {
        return c.spec;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private Component component(RecordComponent rc) {
    String where = type.getSimpleName() + "." + rc.getName();
    Param param = rc.getAnnotation(Param.class);
    String name = param == null || param.name().isEmpty() ? rc.getName() : param.name();
    ParameterShape shape = ParameterShape.of(rc.getGenericType(), where);
    PropertyType propertyType = shape.type();
    if (param != null && param.type() != PropertyType.ANY && param.type() != propertyType) {
      if (!(param.type() == PropertyType.CODE && propertyType == PropertyType.STRING
          || param.type() == PropertyType.WORKFLOW && propertyType == PropertyType.OBJECT)) {
        throw new IllegalArgumentException(
            where + ": a " + rc.getType().getSimpleName() + " cannot be a " + param.type());
      }
      propertyType = param.type();
    }
    List<Object> options = new ArrayList<>(shape.options());
    Object defaultValue = null;
    String description = "";
    boolean required = false;
    if (param != null) {
      for (String o : param.oneOf()) {
        options.add(parse(o, propertyType, where + " oneOf"));
      }
      if (!param.defaultValue().isEmpty()) {
        defaultValue = parse(param.defaultValue(), propertyType, where + " defaultValue");
        if (!shape.options().isEmpty() && !shape.options().contains(defaultValue)) {
          throw new IllegalArgumentException(
              where + ": default '" + defaultValue + "' is not one of " + shape.options());
        }
      }
      description = param.description();
      required = param.required();
    }
    PropertySpec spec =
        new PropertySpec(
            name,
            propertyType,
            required,
            defaultValue,
            description,
            options,
            shape.fields(),
            condition(rc.getAnnotation(RequiredWhen.class)),
            condition(rc.getAnnotation(ShownWhen.class)));
    return new Component(name, spec, shape, -1);
  }

  private static PropertyCondition condition(RequiredWhen when) {
    return when == null
        ? null
        : new PropertyCondition(when.parameter(), List.<Object>of((Object[]) when.is()));
  }

  private static PropertyCondition condition(ShownWhen when) {
    return when == null
        ? null
        : new PropertyCondition(when.parameter(), List.<Object>of((Object[]) when.is()));
  }

  /**
   * Gives the conditions' values the type of the parameter they name, and checks that it exists.
   */
  private void withConditions(Component[] all) {
    for (int i = 0; i < all.length; i++) {
      PropertySpec s = all[i].spec;
      PropertyCondition required = typed(all, s.requiredWhen(), s.name());
      PropertyCondition shown = typed(all, s.shownWhen(), s.name());
      int whenIndex = -1;
      for (int k = 0; required != null && k < all.length; k++) {
        if (all[k].name.equals(required.parameter())) {
          whenIndex = k;
        }
      }
      if (required != s.requiredWhen() || shown != s.shownWhen()) {
        all[i] =
            new Component(
                all[i].name,
                new PropertySpec(
                    s.name(),
                    s.type(),
                    s.isRequired(),
                    s.defaultValue(),
                    s.description(),
                    s.options(),
                    s.properties(),
                    required,
                    shown),
                all[i].shape,
                whenIndex);
      }
    }
  }

  private PropertyCondition typed(Component[] all, PropertyCondition c, String on) {
    if (c == null) {
      return null;
    }
    for (Component other : all) {
      if (other.name.equals(c.parameter())) {
        List<Object> values = new ArrayList<>();
        for (Object v : c.values()) {
          values.add(parse((String) v, other.spec.type(), type.getSimpleName() + "." + on));
        }
        return new PropertyCondition(c.parameter(), values);
      }
    }
    throw new IllegalArgumentException(
        type.getSimpleName()
            + "."
            + on
            + ": its condition names no parameter '"
            + c.parameter()
            + "'");
  }

  /** The JSON value an annotation's text stands for, as a parameter of that type. */
  private static Object parse(String text, PropertyType type, String where) {
    try {
      Object value =
          switch (type) {
            case STRING, CODE, DURATION, INSTANT -> text;
            case BOOLEAN -> {
              if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException(where + ": '" + text + "' is not a boolean");
              }
              yield Boolean.valueOf(text);
            }
            case INTEGER -> {
              long n = Long.parseLong(text);
              yield n == (int) n ? (Object) (int) n : (Object) n;
            }
            case NUMBER -> Double.parseDouble(text);
            case OBJECT, WORKFLOW, ARRAY, ANY -> JsonValues.fromTree(JSON.readTree(text));
          };
      if (!type.accepts(value)) {
        throw new IllegalArgumentException(where + ": '" + text + "' is not " + type);
      }
      return value;
    } catch (NumberFormatException | JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": '" + text + "' is not " + type, e);
    }
  }
}

package dev.tyboo.node;

import dev.tyboo.internal.json.JsonValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One parameter of a node type. A node type's list of these drives both validation (before a
 * workflow runs) and the parameter JSON Schema that UIs render forms from.
 *
 * <p>Any string parameter value may contain {@code {{ expression }}} templates; a value that is an
 * expression is type-checked when it is resolved, per item, instead of at build time.
 *
 * <pre>{@code
 * PropertySpec.string("url").required().describedAs("Where to send the request");
 * PropertySpec.string("method").oneOf("GET", "POST").withDefault("GET");
 * }</pre>
 *
 * @param name the parameter's name
 * @param type its JSON type
 * @param isRequired whether a workflow must set it
 * @param defaultValue the value used when it is not set, or {@code null}
 * @param description what it means, for people; may be empty
 * @param options the allowed values, or empty for any value of the type
 * @param properties for {@link PropertyType#OBJECT}: its fields, or empty for any object
 * @param requiredWhen when a workflow must set it although it is optional, or {@code null}
 * @param shownWhen when it applies at all (a workflow that sets it otherwise is invalid), or {@code
 *     null} for always
 */
public record PropertySpec(
    String name,
    PropertyType type,
    boolean isRequired,
    Object defaultValue,
    String description,
    List<Object> options,
    List<PropertySpec> properties,
    PropertyCondition requiredWhen,
    PropertyCondition shownWhen) {

  /** Validates and copies the components. */
  public PropertySpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (name.isBlank()) {
      throw new IllegalArgumentException("property name must not be blank");
    }
    defaultValue = JsonValues.freeze(defaultValue, name + ".default");
    options = options == null ? List.of() : List.copyOf(options);
    properties = properties == null ? List.of() : List.copyOf(properties);
    if (!properties.isEmpty() && type != PropertyType.OBJECT) {
      throw new IllegalArgumentException(
          "property '" + name + "': only OBJECT properties have fields");
    }
    if (defaultValue != null && !type.accepts(defaultValue)) {
      throw new IllegalArgumentException(
          "property '" + name + "': its default " + defaultValue + " is not " + type);
    }
    for (PropertyCondition c : java.util.Arrays.asList(requiredWhen, shownWhen)) {
      if (c != null && c.parameter().equals(name)) {
        throw new IllegalArgumentException(
            "property '" + name + "': a condition must name another parameter");
      }
    }
  }

  /**
   * Creates a parameter without conditions.
   *
   * @param name the parameter's name
   * @param type its JSON type
   * @param isRequired whether a workflow must set it
   * @param defaultValue the value used when it is not set, or {@code null}
   * @param description what it means, for people; may be empty
   * @param options the allowed values, or empty for any value of the type
   * @param properties for {@link PropertyType#OBJECT}: its fields, or empty for any object
   */
  public PropertySpec(
      String name,
      PropertyType type,
      boolean isRequired,
      Object defaultValue,
      String description,
      List<Object> options,
      List<PropertySpec> properties) {
    this(name, type, isRequired, defaultValue, description, options, properties, null, null);
  }

  /**
   * {@return an optional {@link PropertyType#CODE} parameter: program text, never read for
   * expressions}
   *
   * @param name the parameter's name
   */
  public static PropertySpec code(String name) {
    return of(name, PropertyType.CODE);
  }

  /**
   * {@return an optional parameter of that type, without default, description or options}
   *
   * @param name the parameter's name
   * @param type its JSON type
   */
  public static PropertySpec of(String name, PropertyType type) {
    return new PropertySpec(name, type, false, null, "", List.of(), List.of());
  }

  /**
   * {@return an optional string parameter}
   *
   * @param name the parameter's name
   */
  public static PropertySpec string(String name) {
    return of(name, PropertyType.STRING);
  }

  /**
   * {@return an optional number parameter}
   *
   * @param name the parameter's name
   */
  public static PropertySpec number(String name) {
    return of(name, PropertyType.NUMBER);
  }

  /**
   * {@return an optional integer parameter}
   *
   * @param name the parameter's name
   */
  public static PropertySpec integer(String name) {
    return of(name, PropertyType.INTEGER);
  }

  /**
   * {@return an optional boolean parameter}
   *
   * @param name the parameter's name
   */
  public static PropertySpec bool(String name) {
    return of(name, PropertyType.BOOLEAN);
  }

  /**
   * {@return an optional object parameter}
   *
   * @param name the parameter's name
   * @param fields the object's fields; none for any object
   */
  public static PropertySpec object(String name, PropertySpec... fields) {
    return new PropertySpec(
        name, PropertyType.OBJECT, false, null, "", List.of(), Arrays.asList(fields));
  }

  /**
   * {@return an optional array parameter}
   *
   * @param name the parameter's name
   */
  public static PropertySpec array(String name) {
    return of(name, PropertyType.ARRAY);
  }

  /**
   * {@return an optional parameter holding a workflow written inside the node (see {@link
   * PropertyType#WORKFLOW})}
   *
   * @param name the parameter's name
   */
  public static PropertySpec workflow(String name) {
    return of(name, PropertyType.WORKFLOW);
  }

  /**
   * {@return an optional {@link PropertyType#DURATION} parameter}
   *
   * @param name the parameter's name
   */
  public static PropertySpec duration(String name) {
    return of(name, PropertyType.DURATION);
  }

  /**
   * {@return an optional {@link PropertyType#INSTANT} parameter}
   *
   * @param name the parameter's name
   */
  public static PropertySpec instant(String name) {
    return of(name, PropertyType.INSTANT);
  }

  /**
   * {@return the parameters a record declares, one per component, in order} See {@link Param} for
   * how components map to parameters.
   *
   * @param parameters a record type whose components are the parameters
   * @throws IllegalArgumentException when a component's type has no parameter type, or an
   *     annotation is inconsistent (a default of the wrong type, a condition on itself)
   */
  public static List<PropertySpec> fromRecord(Class<? extends Record> parameters) {
    return RecordParameters.of(parameters).specs();
  }

  /**
   * {@return an optional parameter of any JSON type}
   *
   * @param name the parameter's name
   */
  public static PropertySpec any(String name) {
    return of(name, PropertyType.ANY);
  }

  /** {@return a copy that workflows must set} */
  public PropertySpec required() {
    return new PropertySpec(
        name, type, true, defaultValue, description, options, properties, requiredWhen, shownWhen);
  }

  /**
   * {@return a copy with that default}
   *
   * @param value the default value
   */
  public PropertySpec withDefault(Object value) {
    return new PropertySpec(
        name, type, isRequired, value, description, options, properties, requiredWhen, shownWhen);
  }

  /**
   * {@return a copy with that description}
   *
   * @param text what the parameter means
   */
  public PropertySpec describedAs(String text) {
    return new PropertySpec(
        name, type, isRequired, defaultValue, text, options, properties, requiredWhen, shownWhen);
  }

  /**
   * {@return a copy that accepts only those values}
   *
   * @param values the allowed values
   */
  public PropertySpec oneOf(Object... values) {
    return new PropertySpec(
        name,
        type,
        isRequired,
        defaultValue,
        description,
        Arrays.asList(values),
        properties,
        requiredWhen,
        shownWhen);
  }

  /**
   * {@return a copy that workflows must set when another parameter has one of some values (its
   * default counting when it is unset)} The validator checks literal values before the run; when
   * the other parameter is an expression, the check happens as the parameter is resolved.
   *
   * @param parameter the other parameter, in the same object
   * @param values the values that make this one required
   */
  public PropertySpec requiredWhen(String parameter, Object... values) {
    return new PropertySpec(
        name,
        type,
        isRequired,
        defaultValue,
        description,
        options,
        properties,
        new PropertyCondition(parameter, Arrays.asList(values)),
        shownWhen);
  }

  /**
   * {@return a copy that applies only when another parameter has one of some values (its default
   * counting when it is unset)} A workflow that sets it otherwise is invalid: a value that would be
   * ignored is a mistake worth reporting. Forms show it only then.
   *
   * @param parameter the other parameter, in the same object
   * @param values the values that make this one apply
   */
  public PropertySpec shownWhen(String parameter, Object... values) {
    return new PropertySpec(
        name,
        type,
        isRequired,
        defaultValue,
        description,
        options,
        properties,
        requiredWhen,
        new PropertyCondition(parameter, Arrays.asList(values)));
  }

  /** {@return this property as a JSON Schema fragment (draft 2020-12 keywords)} */
  public Map<String, Object> toJsonSchema() {
    Map<String, Object> schema = new LinkedHashMap<>();
    if (type.jsonSchemaType() != null) {
      schema.put("type", type.jsonSchemaType());
    }
    if (type.jsonSchemaFormat() != null) {
      schema.put("format", type.jsonSchemaFormat());
    }
    if (!description.isEmpty()) {
      schema.put("description", description);
    }
    if (defaultValue != null) {
      schema.put("default", defaultValue);
    }
    if (!options.isEmpty()) {
      schema.put("enum", options);
    }
    if (!properties.isEmpty()) {
      schema.putAll(objectSchema(properties));
    }
    return schema;
  }

  static Map<String, Object> objectSchema(List<PropertySpec> fields) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    Map<String, Object> props = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (PropertySpec field : fields) {
      props.put(field.name(), field.toJsonSchema());
      if (field.isRequired()) {
        required.add(field.name());
      }
    }
    schema.put("properties", props);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("additionalProperties", false);
    List<Map<String, Object>> conditions = new ArrayList<>();
    for (PropertySpec field : fields) {
      if (field.requiredWhen() != null) { // if the condition holds, then the field is required
        conditions.add(
            Map.of(
                "if",
                holds(fields, field.requiredWhen()),
                "then",
                Map.of("required", List.of(field.name()))));
      }
      if (field.shownWhen() != null) { // if the field is set, then the condition holds
        conditions.add(
            Map.of(
                "if",
                Map.of("required", List.of(field.name())),
                "then",
                holds(fields, field.shownWhen())));
      }
    }
    if (!conditions.isEmpty()) {
      schema.put("allOf", conditions);
    }
    return schema;
  }

  /** A schema that an object matches when the condition holds, its default counting. */
  private static Map<String, Object> holds(List<PropertySpec> fields, PropertyCondition c) {
    Map<String, Object> set =
        Map.of(
            "required",
            List.of(c.parameter()),
            "properties",
            Map.of(c.parameter(), Map.of("enum", c.values())));
    Object fallback =
        fields.stream()
            .filter(f -> f.name().equals(c.parameter()))
            .findFirst()
            .map(PropertySpec::defaultValue)
            .orElse(null);
    if (!c.holds(fallback)) {
      return set;
    }
    return Map.of("anyOf", List.of(set, Map.of("not", Map.of("required", List.of(c.parameter())))));
  }
}

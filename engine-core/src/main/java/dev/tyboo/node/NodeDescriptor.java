package dev.tyboo.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a node type publishes about itself: identity, ports, parameters and the credential types it
 * uses. Workflows are validated against it before they run.
 *
 * <pre>{@code
 * NodeDescriptor.builder("acme.sendInvoice")
 *     .displayName("Send invoice")
 *     .property(PropertySpec.string("customerId").required())
 *     .outputs("sent", "rejected")
 *     .build();
 * }</pre>
 *
 * @param type the type name, unique in a registry, for example {@code http.request}
 * @param version the type version, from 1; a registry may hold several versions of one type
 * @param displayName a name for people
 * @param description what the node does, for people; may be empty
 * @param inputs the input ports; empty for a node that only produces data (a trigger or source)
 * @param outputs the output ports
 * @param properties the parameters
 * @param credentialTypes the credential types the node may use
 */
public record NodeDescriptor(
    String type,
    int version,
    String displayName,
    String description,
    List<PortSpec> inputs,
    List<PortSpec> outputs,
    List<PropertySpec> properties,
    List<String> credentialTypes) {

  private static final Pattern TYPE_NAME =
      Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*");

  /** Validates and copies the components. */
  public NodeDescriptor {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(description, "description");
    if (!TYPE_NAME.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "node type name '"
              + type
              + "' must be dot-separated words of letters, digits, '_' or '-', each starting with a letter");
    }
    if (version < 1) {
      throw new IllegalArgumentException(
          "node type '" + type + "': version must be >= 1, was " + version);
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    properties = List.copyOf(properties);
    credentialTypes = List.copyOf(credentialTypes);
    requireUnique(type, "input port", inputs.stream().map(PortSpec::name).toList());
    requireUnique(type, "output port", outputs.stream().map(PortSpec::name).toList());
    requireUnique(type, "property", properties.stream().map(PropertySpec::name).toList());
    checkConditions(type, properties);
    if (outputs.stream().anyMatch(p -> p.name().equals(PortSpec.ERROR))) {
      throw new IllegalArgumentException(
          "node type '"
              + type
              + "': the output port name '"
              + PortSpec.ERROR
              + "' is reserved for continue-on-fail");
    }
  }

  private static void checkConditions(String type, List<PropertySpec> fields) {
    Set<String> names = new HashSet<>();
    fields.forEach(f -> names.add(f.name()));
    for (PropertySpec f : fields) {
      for (PropertyCondition c : Arrays.asList(f.requiredWhen(), f.shownWhen())) {
        if (c != null && !names.contains(c.parameter())) {
          throw new IllegalArgumentException(
              "node type '"
                  + type
                  + "': parameter '"
                  + f.name()
                  + "' has a condition on '"
                  + c.parameter()
                  + "', which is not a parameter beside it");
        }
      }
      checkConditions(type, f.properties());
    }
  }

  private static void requireUnique(String type, String what, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "node type '" + type + "': duplicate " + what + " '" + name + "'");
      }
    }
  }

  /**
   * {@return a builder for version 1 with one input and one output named {@value PortSpec#MAIN}}
   *
   * @param type the type name
   */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /**
   * {@return the parameters as a JSON Schema (an object schema, additional properties not allowed)}
   */
  public Map<String, Object> parameterSchema() {
    Map<String, Object> schema = PropertySpec.objectSchema(properties);
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    return schema;
  }

  /**
   * {@return its spec, or {@code null} when the type declares no such parameter}
   *
   * @param name a parameter name
   */
  public PropertySpec property(String name) {
    for (PropertySpec p : properties) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Builds a {@link NodeDescriptor}. Not thread-safe. */
  public static final class Builder {
    private final String type;
    private int version = 1;
    private String displayName;
    private String description = "";
    private List<PortSpec> inputs = List.of(PortSpec.of(PortSpec.MAIN));
    private List<PortSpec> outputs = List.of(PortSpec.of(PortSpec.MAIN));
    private final List<PropertySpec> properties = new ArrayList<>();
    private final List<String> credentialTypes = new ArrayList<>();

    private Builder(String type) {
      this.type = Objects.requireNonNull(type, "type");
      this.displayName = type;
    }

    /**
     * {@return this builder}
     *
     * @param version the type version, from 1
     */
    public Builder version(int version) {
      this.version = version;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param displayName a name for people
     */
    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param description what the node does
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param names the input port names; none for a source node
     */
    public Builder inputs(String... names) {
      this.inputs = Arrays.stream(names).map(PortSpec::of).toList();
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param ports the input ports
     */
    public Builder inputPorts(List<PortSpec> ports) {
      this.inputs = List.copyOf(ports);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param names the output port names
     */
    public Builder outputs(String... names) {
      this.outputs = Arrays.stream(names).map(PortSpec::of).toList();
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param ports the output ports
     */
    public Builder outputPorts(List<PortSpec> ports) {
      this.outputs = List.copyOf(ports);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param property a parameter
     */
    public Builder property(PropertySpec property) {
      properties.add(property);
      return this;
    }

    /**
     * {@return this builder, with a parameter for each component of a record} See {@link Param};
     * the node reads them with {@link NodeContext#parameters(int, Class)}.
     *
     * <pre>{@code
     * record Params(@Param(required = true, description = "Field to change") String field) {}
     * NodeDescriptor.builder("acme.upper").parameters(Params.class).build();
     * }</pre>
     *
     * @param type a record type whose components are the parameters
     * @throws IllegalArgumentException when a component cannot be a parameter
     */
    public Builder parameters(Class<? extends Record> type) {
      properties.addAll(PropertySpec.fromRecord(type));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param credentialType a credential type the node may use
     */
    public Builder credentialType(String credentialType) {
      credentialTypes.add(credentialType);
      return this;
    }

    /** {@return the descriptor} */
    public NodeDescriptor build() {
      return new NodeDescriptor(
          type, version, displayName, description, inputs, outputs, properties, credentialTypes);
    }
  }
}

package dev.tyboo.node;

import java.util.Objects;

/**
 * An input or output port of a node type. Nodes with one input and one output use the port {@value
 * #MAIN} for both.
 *
 * @param name the port's name, unique among the node's inputs (or outputs)
 * @param description what flows through it, for people; may be empty
 */
public record PortSpec(String name, String description) {

  /** The name of the default input and output port. */
  public static final String MAIN = "main";

  /** The name of the extra output that a node with continue-on-fail sends its errors to. */
  public static final String ERROR = "error";

  /** Validates the components. */
  public PortSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (name.isBlank() || !name.strip().equals(name)) {
      throw new IllegalArgumentException(
          "port name must be non-blank without surrounding spaces, was '" + name + "'");
    }
  }

  /**
   * {@return a port with that name and no description}
   *
   * @param name the port's name
   */
  public static PortSpec of(String name) {
    return new PortSpec(name, "");
  }
}

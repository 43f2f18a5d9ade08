package dev.tyboo.workflow;

import dev.tyboo.node.PortSpec;
import java.util.Objects;

/**
 * An edge of the workflow graph: items leaving {@code from}'s output port {@code output} arrive at
 * {@code to}'s input port {@code input}.
 *
 * @param from the source node id
 * @param output the source node's output port
 * @param to the target node id
 * @param input the target node's input port
 */
public record Connection(String from, String output, String to, String input) {

  /** Validates the components. */
  public Connection {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(input, "input");
  }

  /**
   * {@return a connection between the {@value PortSpec#MAIN} ports}
   *
   * @param from the source node id
   * @param to the target node id
   */
  public static Connection of(String from, String to) {
    return new Connection(from, PortSpec.MAIN, to, PortSpec.MAIN);
  }

  @Override
  public String toString() {
    return from + "." + output + " -> " + to + "." + input;
  }
}

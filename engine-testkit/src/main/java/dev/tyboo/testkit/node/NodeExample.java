package dev.tyboo.testkit.node;

import dev.tyboo.node.Item;
import dev.tyboo.node.PortSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One way to use a node type, for {@link NodeTypeContract}: parameters, the items on its input
 * ports, credentials, and optionally the items it must emit.
 *
 * <pre>{@code
 * NodeExample.of("keeps the last two", Map.of("maxItems", 2, "keep", "last"))
 *     .input(Item.listOf(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)))
 *     .expect(PortSpec.MAIN, Item.listOf(Map.of("n", 2), Map.of("n", 3)))
 * }</pre>
 *
 * @param name what the example shows, for test names
 * @param parameters the node's parameters, as a workflow writes them
 * @param inputs items per input port ({@value PortSpec#MAIN} for the first of most nodes)
 * @param credentials credential data per credential type
 * @param expected the items each output port must emit, or {@code null} to check only that the node
 *     runs (or fails with a typed error)
 * @param files files attached to items of the first input port
 */
public record NodeExample(
    String name,
    Map<String, Object> parameters,
    Map<String, List<Item>> inputs,
    Map<String, Map<String, Object>> credentials,
    Map<String, List<Item>> expected,
    List<File> files) {

  /**
   * A file attached to an item on the first input port ({@link NodeTestKit#file}).
   *
   * @param itemIndex the item's index
   * @param field the attachment's name
   * @param fileName the file's name
   * @param mimeType its media type, or {@code null}
   * @param content its bytes
   */
  public record File(
      int itemIndex, String field, String fileName, String mimeType, byte[] content) {}

  /** Validates and copies the components. */
  public NodeExample {
    Objects.requireNonNull(name, "name");
    parameters = Map.copyOf(parameters);
    inputs = Map.copyOf(inputs);
    credentials = Map.copyOf(credentials);
    expected = expected == null ? null : Map.copyOf(expected);
    files = List.copyOf(files);
  }

  /**
   * {@return an example without input items, credentials or expectations}
   *
   * @param name what it shows
   * @param parameters the node's parameters
   */
  public static NodeExample of(String name, Map<String, ?> parameters) {
    return new NodeExample(name, Map.copyOf(parameters), Map.of(), Map.of(), null, List.of());
  }

  /**
   * {@return a copy with items on the node's first input port}
   *
   * @param items the items
   */
  public NodeExample input(List<Item> items) {
    return input(PortSpec.MAIN, items);
  }

  /**
   * {@return a copy with items on an input port}
   *
   * @param port the port
   * @param items the items
   */
  public NodeExample input(String port, List<Item> items) {
    Map<String, List<Item>> in = new LinkedHashMap<>(inputs);
    in.put(port, List.copyOf(items));
    return new NodeExample(name, parameters, in, credentials, expected, files);
  }

  /**
   * {@return a copy with a credential}
   *
   * @param type the credential type
   * @param data its data
   */
  public NodeExample credential(String type, Map<String, ?> data) {
    Map<String, Map<String, Object>> c = new LinkedHashMap<>(credentials);
    c.put(type, Map.copyOf(data));
    return new NodeExample(name, parameters, inputs, c, expected, files);
  }

  /**
   * {@return a copy that expects items on an output port (and none on ports not expected)}
   *
   * @param port the output port
   * @param items the items it must emit, compared by JSON
   */
  public NodeExample expect(String port, List<Item> items) {
    Map<String, List<Item>> e =
        expected == null ? new LinkedHashMap<>() : new LinkedHashMap<>(expected);
    e.put(port, List.copyOf(items));
    return new NodeExample(name, parameters, inputs, credentials, e, files);
  }

  /**
   * {@return a copy with a file attached to an item of the first input port}
   *
   * @param itemIndex the item's index
   * @param field the attachment's name, such as {@code data}
   * @param fileName the file's name
   * @param mimeType its media type, or {@code null}
   * @param content its bytes
   */
  public NodeExample file(
      int itemIndex, String field, String fileName, String mimeType, byte[] content) {
    List<File> f = new java.util.ArrayList<>(files);
    f.add(new File(itemIndex, field, fileName, mimeType, content.clone()));
    return new NodeExample(name, parameters, inputs, credentials, expected, f);
  }

  /**
   * {@return a kit that runs the example on a node type}
   *
   * @param type the node type
   */
  public NodeTestKit kit(dev.tyboo.node.NodeType type) {
    NodeTestKit kit = NodeTestKit.of(type).parameters(parameters);
    inputs.forEach(
        (port, items) -> {
          if (type.descriptor().inputs().isEmpty() || !port.equals(PortSpec.MAIN)) {
            kit.input(port, items);
          } else {
            kit.input(items);
          }
        });
    credentials.forEach(kit::credential);
    files.forEach(f -> kit.file(f.itemIndex(), f.field(), f.fileName(), f.mimeType(), f.content()));
    return kit;
  }
}

package dev.tyboo.nodes.data;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.node.ShownWhen;
import dev.tyboo.nodes.internal.JsonOrder;
import dev.tyboo.nodes.internal.JsonPaths;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the items of its two inputs, {@code input1} and {@code input2} (JSON type {@code merge}).
 * The engine runs it once every active input has delivered; a skipped branch delivers no items.
 * Modes ({@code mode}):
 *
 * <ul>
 *   <li>{@code append}: the items of input1, then those of input2;
 *   <li>{@code combineByPosition}: item i of input1 with item i of input2 (fields of input2 win);
 *       as many items as the shorter input;
 *   <li>{@code combineByFields}: each input1 item with every input2 item equal on {@code
 *       matchFields} (an inner join; fields of input2 win), in input1's order;
 *   <li>{@code chooseBranch}: the items of the input named by {@code output}.
 * </ul>
 */
public final class Merge {

  /** The JSON type name. */
  public static final String TYPE = "merge";

  /** The first input. */
  public static final String INPUT1 = "input1";

  /** The second input. */
  public static final String INPUT2 = "input2";

  /** How a Merge node joins its inputs; the constants are the JSON values. */
  enum Mode {
    append,
    combineByPosition,
    combineByFields,
    chooseBranch
  }

  /**
   * A Merge node's parameters.
   *
   * @param mode how to join
   * @param matchFields for {@code combineByFields}: the dot paths whose values must be equal
   * @param output for {@code chooseBranch}: the input whose items pass
   */
  record Parameters(
      @Param(defaultValue = "append") Mode mode,
      @Param(description = "combineByFields: dot paths")
          @RequiredWhen(parameter = "mode", is = "combineByFields")
          @ShownWhen(parameter = "mode", is = "combineByFields")
          List<String> matchFields,
      @Param(
              defaultValue = INPUT1,
              oneOf = {INPUT1, INPUT2})
          @ShownWhen(parameter = "mode", is = "chooseBranch")
          String output) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Merge")
              .description(
                  "Joins two inputs: append, by position, by matching fields, or one branch")
              .inputs(INPUT1, INPUT2)
              .parameters(Parameters.class)
              .build(),
          Merge::execute);

  private Merge() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a Merge node that appends input2's items to input1's} */
  public static NodeDefinition append() {
    return NodeDefinition.of(INSTANCE, Map.of("mode", "append"));
  }

  /** {@return a Merge node that combines items pairwise by position} */
  public static NodeDefinition byPosition() {
    return NodeDefinition.of(INSTANCE, Map.of("mode", "combineByPosition"));
  }

  /**
   * {@return a Merge node that joins items equal on these fields}
   *
   * @param matchFields dot paths present in both inputs
   */
  public static NodeDefinition byFields(String... matchFields) {
    if (matchFields.length == 0) {
      throw new IllegalArgumentException("combineByFields needs at least one field");
    }
    return NodeDefinition.of(
        INSTANCE, Map.of("mode", "combineByFields", "matchFields", List.of(matchFields)));
  }

  /**
   * {@return a Merge node that passes one input's items on}
   *
   * @param input {@link #INPUT1} or {@link #INPUT2}
   */
  public static NodeDefinition chooseBranch(String input) {
    return NodeDefinition.of(INSTANCE, Map.of("mode", "chooseBranch", "output", input));
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> a = ctx.input(INPUT1);
    List<Item> b = ctx.input(INPUT2);
    Parameters p = ctx.parameters(0, Parameters.class);
    return switch (p.mode()) {
      case combineByPosition -> {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          out.add(combine(a.get(i), b.get(i)));
        }
        yield NodeResult.of(out);
      }
      case combineByFields -> NodeResult.of(join(p.matchFields(), a, b));
      case chooseBranch -> NodeResult.of(INPUT2.equals(p.output()) ? b : a);
      case append -> {
        List<Item> out = new ArrayList<>(a);
        out.addAll(b);
        yield NodeResult.of(out);
      }
    };
  }

  private static List<Item> join(List<String> fields, List<Item> a, List<Item> b) {
    if (fields.isEmpty()) {
      throw NodeFailure.badParameter("matchFields", 0, "must name at least one field", fields);
    }
    Map<List<Object>, List<Item>> right = new LinkedHashMap<>();
    for (Item item : b) {
      right.computeIfAbsent(key(item, fields), k -> new ArrayList<>()).add(item);
    }
    List<Item> out = new ArrayList<>();
    for (Item left : a) {
      for (Item match : right.getOrDefault(key(left, fields), List.of())) {
        out.add(combine(left, match));
      }
    }
    return out;
  }

  private static List<Object> key(Item item, List<String> fields) {
    List<Object> key = new ArrayList<>(fields.size());
    for (String f : fields) {
      Object v = JsonPaths.get(item.json(), f);
      key.add(v instanceof Number n ? JsonOrder.numberKey(n) : v);
    }
    return key;
  }

  private static Item combine(Item left, Item right) {
    Map<String, Object> json = JsonPaths.mutableCopy(left.json());
    json.putAll(JsonPaths.mutableCopy(right.json()));
    Item merged = left.withJson(json);
    for (Map.Entry<String, BinaryRef> bin : right.binary().entrySet()) {
      merged = merged.withBinary(bin.getKey(), bin.getValue());
    }
    return merged;
  }
}

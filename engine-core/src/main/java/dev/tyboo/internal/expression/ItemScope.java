package dev.tyboo.internal.expression;

import dev.tyboo.node.Item;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The variables of one item's expressions: {@code $json}, {@code $binary}, {@code $input}, {@code $node},
 * {@code $vars}, {@code $now}, {@code $execution}, {@code $workflow} and {@code $itemIndex}.
 */
public final class ItemScope implements ExpressionScope {

  private final Item item;
  private final int itemIndex;
  private final List<Item> input;
  private final ExecutionVariables execution;

  /**
   * @param item the current item (an empty item when the node has no input)
   * @param itemIndex its index
   * @param input every item on the node's first input port
   * @param execution the execution-wide variables
   */
  public ItemScope(Item item, int itemIndex, List<Item> input, ExecutionVariables execution) {
    this.item = item;
    this.itemIndex = itemIndex;
    this.input = input;
    this.execution = execution;
  }

  @Override
  public boolean has(String name) {
    return switch (name) {
      case "$json", "$binary", "$input", "$node", "$vars", "$now", "$execution", "$workflow", "$itemIndex" -> true;
      default -> false;
    };
  }

  @Override
  public Object get(String name) {
    return switch (name) {
      case "$json" -> item.json();
      case "$binary" -> item.binary();
      case "$input" -> new InputView(input, itemIndex);
      case "$node" -> new NodeLookupView(execution.outputs(), itemIndex);
      case "$vars" -> execution.vars();
      case "$now" -> execution.clock().now().atZone(ZoneOffset.UTC);
      case "$execution" -> execution.executionInfo();
      case "$workflow" -> execution.workflowInfo();
      case "$itemIndex" -> itemIndex;
      default -> null;
    };
  }

  /** The part of the scope that is the same for every item of an execution. */
  public interface ExecutionVariables {
    /** @return the outputs of nodes that have run */
    NodeOutputs outputs();

    /** @return the engine's variables ({@code $vars}) */
    Map<String, Object> vars();

    /** @return the engine's clock */
    dev.tyboo.spi.time.Clock clock();

    /** @return {@code {id, mode}} of the execution */
    Map<String, Object> executionInfo();

    /** @return {@code {name}} of the workflow */
    Map<String, Object> workflowInfo();
  }

  /** Finds the output items of the nodes of the running execution. */
  @FunctionalInterface
  public interface NodeOutputs {
    /**
     * @param nodeId a node id
     * @return the items on its first output port, or {@code null} when it has not run or does not exist
     */
    List<Item> mainOutput(String nodeId);
  }

  /** {@code $input}: the items of the node's first input port. */
  @ExpressionView
  public static final class InputView implements JsonConvertible {
    private final List<Item> items;
    private final int itemIndex;

    InputView(List<Item> items, int itemIndex) {
      this.items = items;
      this.itemIndex = itemIndex;
    }

    /** @return the JSON of every input item */
    public List<Object> all() {
      return items.stream().map(i -> (Object) i.json()).toList();
    }

    /** @return the JSON of the first input item, or {@code null} */
    public Object first() {
      return items.isEmpty() ? null : items.get(0).json();
    }

    /** @return the JSON of the last input item, or {@code null} */
    public Object last() {
      return items.isEmpty() ? null : items.get(items.size() - 1).json();
    }

    /** @return the JSON of the current input item, or {@code null} */
    public Object getItem() {
      return itemIndex < items.size() ? items.get(itemIndex).json() : null;
    }

    /** @return how many input items there are */
    public int count() {
      return items.size();
    }

    @Override
    public Object toJson() {
      return all();
    }
  }

  /** {@code $node}: {@code $node("id")} or {@code $node.id}. */
  @ExpressionView
  public static final class NodeLookupView {
    private final NodeOutputs outputs;
    private final int itemIndex;

    NodeLookupView(NodeOutputs outputs, int itemIndex) {
      this.outputs = outputs;
      this.itemIndex = itemIndex;
    }

    /** @param nodeId a node id @return its output */
    public NodeOutputView call(String nodeId) {
      List<Item> items = outputs.mainOutput(nodeId);
      if (items == null) {
        throw new IllegalArgumentException("node '" + nodeId + "' has no output (it does not exist, has not run yet, or was skipped)");
      }
      return new NodeOutputView(items, itemIndex);
    }

    /** @param nodeId a node id @return its output */
    public NodeOutputView get(String nodeId) {
      return call(nodeId);
    }
  }

  /** The output of one node, as seen from an expression. */
  @ExpressionView
  public static final class NodeOutputView implements JsonConvertible {
    private final List<Item> items;
    private final int itemIndex;

    NodeOutputView(List<Item> items, int itemIndex) {
      this.items = items;
      this.itemIndex = itemIndex;
    }

    /** @return the JSON of the item with the current item's index, else the first item's; {@code null} when none */
    public Object getJson() {
      if (items.isEmpty()) {
        return null;
      }
      return items.get(itemIndex < items.size() ? itemIndex : 0).json();
    }

    /** @return the binary attachments of the item {@link #getJson()} reads */
    public Object getBinary() {
      if (items.isEmpty()) {
        return Map.of();
      }
      return items.get(itemIndex < items.size() ? itemIndex : 0).binary();
    }

    /** @return the JSON of every item */
    public List<Object> all() {
      return items.stream().map(i -> (Object) i.json()).toList();
    }

    /** @return the JSON of the first item, or {@code null} */
    public Object first() {
      return items.isEmpty() ? null : items.get(0).json();
    }

    /** @return the JSON of the last item, or {@code null} */
    public Object last() {
      return items.isEmpty() ? null : items.get(items.size() - 1).json();
    }

    /** @return how many items the node produced */
    public int count() {
      return items.size();
    }

    @Override
    public Object toJson() {
      return getJson();
    }
  }
}

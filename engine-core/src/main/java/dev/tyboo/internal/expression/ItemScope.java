package dev.tyboo.internal.expression;

import dev.tyboo.node.Item;
import dev.tyboo.spi.expression.ExpressionLanguage.ExpressionScope;
import dev.tyboo.spi.expression.InputView;
import dev.tyboo.spi.expression.NodeLookupView;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The variables of one item's expressions: {@code $json}, {@code $binary}, {@code $input}, {@code
 * $node}, {@code $vars}, {@code $now}, {@code $execution}, {@code $workflow} and {@code
 * $itemIndex}.
 */
public final class ItemScope implements ExpressionScope {

  private final Item item;
  private final int itemIndex;
  private final List<Item> input;
  private final ExecutionVariables execution;

  /**
   * Creates the item scope.
   *
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
      case "$json",
          "$binary",
          "$input",
          "$node",
          "$vars",
          "$now",
          "$execution",
          "$workflow",
          "$itemIndex" ->
          true;
      default -> false;
    };
  }

  @Override
  public Object get(String name) {
    return switch (name) {
      case "$json" -> item.json();
      case "$binary" -> item.binary();
      case "$input" -> new InputView(input, itemIndex);
      case "$node" -> new NodeLookupView(execution.outputs()::mainOutput, itemIndex);
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
    /** {@return the outputs of nodes that have run} */
    NodeOutputs outputs();

    /** {@return the engine's variables ({@code $vars})} */
    Map<String, Object> vars();

    /** {@return the engine's clock} */
    dev.tyboo.spi.time.Clock clock();

    /** {@return {@code {id, mode}} of the execution} */
    Map<String, Object> executionInfo();

    /** {@return {@code {name}} of the workflow} */
    Map<String, Object> workflowInfo();
  }

  /** Finds the output items of the nodes of the running execution. */
  @FunctionalInterface
  public interface NodeOutputs {
    /**
     * {@return the items on its first output port, or {@code null} when it has not run or does not
     * exist}
     *
     * @param nodeId a node id
     */
    List<Item> mainOutput(String nodeId);
  }
}

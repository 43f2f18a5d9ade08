package dev.tyboo.testing;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.NodeResult;
import dev.tyboo.workflow.InlineNode;
import java.util.ArrayList;
import java.util.List;

/** Lambda nodes that tests use again and again. */
public final class Passthrough {
  private Passthrough() {}

  /**
   * @return a node function that emits its input unchanged
   */
  public static NodeFunction identity() {
    return ctx -> NodeResult.of(ctx.input());
  }

  /**
   * {@return an inline node with the given input ports that emits the items of all of them, in port
   * order, on {@code main}}
   *
   * @param ports the input port names
   */
  public static InlineNode concat(String... ports) {
    return InlineNode.of(
            ctx -> {
              List<Item> all = new ArrayList<>();
              for (String port : ports) {
                all.addAll(ctx.input(port));
              }
              return NodeResult.of(all);
            })
        .inputs(ports);
  }
}

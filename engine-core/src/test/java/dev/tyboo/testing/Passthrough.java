package dev.tyboo.testing;

import dev.tyboo.node.NodeFunction;
import dev.tyboo.node.NodeResult;

/** Lambda nodes that tests use again and again. */
public final class Passthrough {
  private Passthrough() {}

  /**
   * @return a node function that emits its input unchanged
   */
  public static NodeFunction identity() {
    return ctx -> NodeResult.of(ctx.input());
  }
}

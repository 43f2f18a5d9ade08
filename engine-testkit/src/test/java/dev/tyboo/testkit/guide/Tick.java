package dev.tyboo.testkit.guide;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import java.util.List;
import java.util.Map;

/** A trigger (JSON type {@code acme.tick}): it starts a workflow with what the host passed in. */
public final class Tick {

  /** The node type: no input ports, so its input is the items the execution started with. */
  public static final NodeType TYPE =
      NodeType.of(
          NodeDescriptor.builder("acme.tick").inputs().build(),
          ctx ->
              NodeResult.of(
                  ctx.input().isEmpty()
                      ? List.of(Item.of(Map.of("firedAt", ctx.clock().now().toString())))
                      : ctx.input()));

  private Tick() {}
}

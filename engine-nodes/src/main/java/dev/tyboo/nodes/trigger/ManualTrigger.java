package dev.tyboo.nodes.trigger;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.NodeDefinition;
import java.util.List;
import java.util.Map;

/**
 * Where a workflow that people or the host start by hand begins (JSON type {@code manualTrigger}):
 * it emits the items the execution was started with, or one empty item when it was started with
 * none.
 *
 * <pre>{@code
 * Workflow w = Workflow.named("report")
 *     .node("start", ManualTrigger.node())
 *     .node("fetch", HttpRequest.get("https://example.com/report"))
 *     .connect("start", "fetch")
 *     .build();
 * engine.start(w);   // runs with one empty item
 * }</pre>
 */
public final class ManualTrigger {

  /** The JSON type name. */
  public static final String TYPE = "manualTrigger";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Manual Trigger")
          .description("Starts a workflow by hand: emits the start items, or one empty item")
          .inputs()
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, ManualTrigger::execute);

  private ManualTrigger() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a Manual Trigger node} */
  public static NodeDefinition node() {
    return NodeDefinition.of(INSTANCE, Map.of());
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> items = ctx.input();
    return NodeResult.of(items.isEmpty() ? List.of(Item.empty()) : items);
  }
}

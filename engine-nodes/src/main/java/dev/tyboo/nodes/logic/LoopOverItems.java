package dev.tyboo.nodes.logic;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a loop body over the input items in batches, one batch after another (JSON type {@code
 * loopOverItems}), and emits every item the body returned, in batch order, once the last batch is
 * done.
 *
 * <p>The body is a workflow of its own, deployed in the engine ({@code engine.deploy(body)}) and
 * named by {@code workflow}: each batch of {@code batchSize} items (10 by default) is one run of
 * it, as a child execution. So every graph stays a DAG (the body's end "loops back" to this node by
 * ending), each iteration can be inspected ({@code Engine.children}), and in a durable engine a
 * crash resumes at the batch that was running: finished batches do not run again. When a batch
 * fails, this node fails with its error and the later batches do not run. No items in, no batch,
 * nothing out.
 *
 * <pre>{@code
 * engine.deploy(Workflow.named("enrich-batch")
 *     .node("lookup", HttpRequest.withJson("POST", "https://crm.example.com/bulk", Map.of(...)))
 *     .build());
 * Workflow.named("nightly")
 *     .node("batches", LoopOverItems.over("enrich-batch", 50))   // 50 contacts per call
 *     .node("report", Aggregate.allItemsInto("contacts"))
 *     .connect("batches", "report");
 * }</pre>
 */
public final class LoopOverItems implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "loopOverItems";

  static final LoopOverItems INSTANCE = new LoopOverItems();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Loop Over Items")
          .description(
              "Runs a body workflow over the items in batches, one after another; emits all"
                  + " results")
          .property(
              PropertySpec.string("workflow")
                  .required()
                  .describedAs("the loop body: a workflow deployed in the engine"))
          .property(PropertySpec.integer("batchSize").withDefault(10))
          .build();

  private LoopOverItems() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a Loop Over Items node}
   *
   * @param bodyWorkflow the name of the deployed workflow that handles one batch
   * @param batchSize how many items each run of it gets, at least 1
   */
  public static NodeDefinition over(String bodyWorkflow, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "workflow",
            Objects.requireNonNull(bodyWorkflow, "bodyWorkflow"),
            "batchSize",
            batchSize));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (parameters.get("batchSize") instanceof Number n && n.intValue() < 1) {
      problems.put("batchSize", "must be at least 1, was " + n);
    }
    return problems;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    int size = ctx.parameter("batchSize", 0, Number.class).intValue();
    if (size < 1) {
      throw new NonRetryableNodeException(
          "node '" + ctx.nodeId() + "': batchSize must be at least 1, was " + size);
    }
    List<List<Item>> batches = new ArrayList<>();
    for (int from = 0; from < input.size(); from += size) {
      batches.add(input.subList(from, Math.min(input.size(), from + size)));
    }
    ctx.startSubWorkflowPerBatch(ctx.stringParameter("workflow", 0), batches);
    return NodeResult.waitForResume(null, List.of());
  }
}

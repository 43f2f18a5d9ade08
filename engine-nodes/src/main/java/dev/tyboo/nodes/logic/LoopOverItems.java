package dev.tyboo.nodes.logic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import dev.tyboo.workflow.WorkflowJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a loop body over the input items in batches, one batch after another (JSON type {@code
 * loopOverItems}), and emits every item the body returned, in batch order, once the last batch is
 * done.
 *
 * <p>The loop body is a small workflow: written inside the node ({@code body}), or deployed in the
 * engine and named ({@code workflow}). Each batch of {@code batchSize} items (10 by default) is one
 * run of it, as a child execution, and its end nodes loop back to this node: so every graph stays a
 * DAG, each iteration can be inspected ({@code Engine.children}), and in a durable engine a crash
 * resumes at the batch that was running (finished batches do not run again). When a batch fails,
 * this node fails with its error and the later batches do not run. No items in, nothing out.
 *
 * <pre>{@code
 * Workflow.named("nightly")
 *     .node("batches", LoopOverItems.batches(50).body(body -> body   // 50 contacts per call
 *         .node("lookup", HttpRequest.withJson("POST", "https://crm.example.com/bulk", Map.of(...)))
 *         .node("mark", EditFields.builder().set("checked", true).build())
 *         .connect("lookup", "mark")))                               // "mark" loops back
 *     .node("report", Aggregate.allItemsInto("contacts"))            // after the last batch
 *     .connect("batches", "report");
 * }</pre>
 *
 * <p>In JSON the body is an object with {@code nodes} and {@code connections}; the engine checks it
 * with the outer workflow (problems under {@code $.nodes[i].parameters.body}) and deploys it as
 * {@code <workflow>/<node>/body}.
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
              PropertySpec.workflow("body")
                  .describedAs(
                      "the loop body, written here: {\"nodes\": [...], \"connections\": [...]}"))
          .property(
              PropertySpec.string("workflow")
                  .describedAs("or the loop body's name, when it is deployed on its own"))
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

  /**
   * {@return a builder of Loop Over Items nodes}
   *
   * @param batchSize how many items each run of the body gets, at least 1
   */
  public static Builder batches(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    return new Builder(batchSize);
  }

  @Override
  public Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new LinkedHashMap<>();
    boolean inline = parameters.containsKey("body");
    boolean named = parameters.containsKey("workflow");
    if (inline == named) {
      problems.put(
          inline ? "workflow" : "body",
          inline
              ? "cannot be set with body: the loop body is one or the other"
              : "is required, or workflow (a deployed body's name)");
    }
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
      throw new NonRetryableNodeException("batchSize must be at least 1, was " + size);
    }
    List<List<Item>> batches = new ArrayList<>();
    for (int from = 0; from < input.size(); from += size) {
      batches.add(input.subList(from, Math.min(input.size(), from + size)));
    }
    String body =
        ctx.rawParameters().containsKey("body")
            ? ctx.flow().embeddedWorkflow("body")
            : ctx.stringParameter("workflow", 0);
    ctx.flow().startSubWorkflowPerBatch(body, batches);
    return NodeResult.waitForResume(null, List.of());
  }

  /** Builds a Loop Over Items node. Not thread-safe. */
  public static final class Builder {
    private static final ObjectMapper JSON = JsonMappers.standard();
    private final int batchSize;

    private Builder(int batchSize) {
      this.batchSize = batchSize;
    }

    /**
     * {@return the node, with its body written here}
     *
     * @param body adds the body's nodes and connections; its root nodes get each batch, its end
     *     nodes' items are what the loop emits
     * @throws dev.tyboo.error.WorkflowDefinitionException when the body has inline (lambda) nodes,
     *     which cannot be written down
     */
    public NodeDefinition body(Consumer<WorkflowBuilder> body) {
      WorkflowBuilder b = Workflow.named("body");
      body.accept(b);
      Map<String, Object> json;
      try {
        json = JSON.readValue(WorkflowJson.write(b.build()), new TypeReference<>() {});
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the workflow codec writes JSON", e);
      }
      json.remove("name"); // the engine names it after the loop node
      return NodeDefinition.of(INSTANCE, Map.of("batchSize", batchSize, "body", json));
    }

    /**
     * {@return the node, running a body deployed on its own}
     *
     * @param bodyWorkflow the deployed workflow's name
     */
    public NodeDefinition workflow(String bodyWorkflow) {
      return over(bodyWorkflow, batchSize);
    }
  }
}

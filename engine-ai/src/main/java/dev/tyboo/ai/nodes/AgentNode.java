package dev.tyboo.ai.nodes;

import dev.tyboo.ai.agent.AgentTool;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeRegistry;
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
 * The AI Agent node (JSON type {@code aiAgent}): a chat model that calls tools until it can answer,
 * one run per input item, every model call and tool call a recorded step of the node run ({@link
 * NodeContext#steps()}): after a crash, a retry or an approval the agent carries on from its last
 * recorded step and never makes a recorded call again.
 *
 * <p>Parameters: {@code provider}, {@code model}, {@code baseUrl}, {@code timeoutSeconds} (per
 * call) and {@code temperature} as for the Chat Model node; {@code systemPrompt}; {@code prompt}
 * (required); {@code tools}, each one of
 *
 * <ul>
 *   <li>{@code {"type": "http", "name", "description", "parameters": <JSON schema>, "method", "url"
 *       (with {argument} placeholders), "headers", "requiresApproval"}}: other arguments are the
 *       JSON body (POST, PUT, PATCH) or the query; the host is checked against the engine's network
 *       policy; each call carries an {@code Idempotency-Key};
 *   <li>{@code {"type": "host", "name", "requiresApproval"}}: an {@link AgentTool} the host
 *       registered ({@code AiNodes.builder().tool(..)}), MCP tools among them ({@code
 *       engine-ai-mcp});
 *   <li>{@code {"type": "node", "name", "description", "node", "nodeParameters",
 *       "requiresApproval"}}: a node type the host gave agents ({@code
 *       AiNodes.builder().nodeTypes(..)}) run once per call; its parameters' {@code $fromAI('key',
 *       'description', 'type')} placeholders are the arguments the model fills (their schema is
 *       made of them); the node's first output port's items are the result;
 *   <li>{@code {"type": "workflow", "name", "description", "parameters", "workflow",
 *       "requiresApproval"}}: a deployed workflow run as a child execution with the arguments as
 *       its one item; the agent waits for it holding no thread, and the items of its end nodes (or
 *       its failure) are the result;
 * </ul>
 *
 * {@code reasoning} ({@code native}: the provider's tool calls; {@code react}: a text protocol for
 * models without them); limits {@code maxIterations} (10), {@code maxTokens}, {@code maxCost} (in
 * the cost tracker's reporting currency), {@code maxDurationSeconds} (300, model and tool time): a
 * reached limit is a typed, non-retryable {@link dev.tyboo.ai.agent.AgentLimitException} carrying
 * the transcript; {@code approvalTimeoutSeconds} (none: wait for ever); {@code maxToolResultChars}
 * (20,000); memory: {@code conversationId} (an expression; none: no memory), {@code memory} ({@code
 * window}: the last {@code memoryMessages}, 20; {@code tokens}: the newest that fit in {@code
 * memoryTokens}, 2,000; {@code summary}: a summary made by the model once more than {@code
 * memoryMessages} are unsummarized, and the messages after it); guardrails on the prompt: {@code
 * blockPromptInjection} (false), {@code redactPersonalData} (false); {@code stream} (answers'
 * chunks as {@value #TOKEN} progress).
 *
 * <p>A tool that requires approval suspends the execution (no thread held) and reports {@value
 * #APPROVAL} progress with the tool, its arguments and the resume token; {@code
 * Engine.resume(token, [{"approved": true|false, "reason": ..}])} carries on (a denial, or the
 * approval timeout, is told to the model). Unknown tools, malformed arguments, arguments off the
 * schema and tools that throw are told to the model too, which may try again.
 *
 * <p>Each output item: {@code text}, {@code iterations}, {@code toolCalls} ({@code name}, {@code
 * arguments}, {@code ok}, {@code result}, {@code approved}), {@code usage}, {@code cost} (this run,
 * reporting currency), {@code durationMs}, {@code provider}, {@code model}.
 */
public final class AgentNode implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "aiAgent";

  /** Progress kind: chunks of a streamed answer ({@code text}, {@code item}). */
  public static final String TOKEN = "token";

  /**
   * Progress kind: a model call asked for tools ({@code iteration}, {@code tools}, {@code item}).
   */
  public static final String TOOL_CALLS = "toolCalls";

  /** Progress kind: a tool call ended ({@code tool}, {@code ok}, {@code item}). */
  public static final String TOOL_RESULT = "toolResult";

  /**
   * Progress kind: a tool call waits for approval ({@code tool}, {@code arguments}, {@code
   * resumeToken}, {@code item}).
   */
  public static final String APPROVAL = "approval";

  private final ModelProviders providers;
  private final CostTracker costs;
  private final Map<String, AgentTool> hostTools;
  private final NodeRegistry nodeTypes;
  private final NodeDescriptor descriptor;

  /**
   * Creates the node type.
   *
   * @param providers where models come from
   * @param costs where calls are priced, totalled and held to a budget
   * @param hostTools the tools the host gives agents, by name
   */
  public AgentNode(ModelProviders providers, CostTracker costs, Map<String, AgentTool> hostTools) {
    this(providers, costs, hostTools, NodeRegistry.empty());
  }

  /**
   * Creates the node type.
   *
   * @param providers where models come from
   * @param costs where calls are priced, totalled and held to a budget
   * @param hostTools the tools the host gives agents, by name
   * @param nodeTypes the node types agents may call as tools ({@code "type": "node"})
   */
  public AgentNode(
      ModelProviders providers,
      CostTracker costs,
      Map<String, AgentTool> hostTools,
      NodeRegistry nodeTypes) {
    this.nodeTypes = Objects.requireNonNull(nodeTypes, "nodeTypes");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.costs = Objects.requireNonNull(costs, "costs");
    this.hostTools = Map.copyOf(hostTools);
    this.descriptor =
        NodeDescriptor.builder(TYPE)
            .displayName("AI Agent")
            .description("A chat model that calls tools until it can answer, durably")
            .property(
                PropertySpec.string("provider")
                    .oneOf(providers.namesWith(Capability.CHAT))
                    .required())
            .property(PropertySpec.string("model").required())
            .property(PropertySpec.string("baseUrl"))
            .property(PropertySpec.string("systemPrompt"))
            .property(PropertySpec.string("prompt").required())
            .property(PropertySpec.array("tools"))
            .property(
                PropertySpec.string("reasoning").oneOf("native", "react").withDefault("native"))
            .property(PropertySpec.number("temperature"))
            .property(PropertySpec.integer("maxIterations").withDefault(10))
            .property(PropertySpec.integer("maxTokens"))
            .property(PropertySpec.number("maxCost"))
            .property(PropertySpec.integer("maxDurationSeconds").withDefault(300))
            .property(PropertySpec.integer("approvalTimeoutSeconds"))
            .property(PropertySpec.integer("maxToolResultChars").withDefault(20_000))
            .property(PropertySpec.string("conversationId"))
            .property(
                PropertySpec.string("memory")
                    .oneOf("window", "tokens", "summary")
                    .withDefault("window"))
            .property(PropertySpec.integer("memoryMessages").withDefault(20))
            .property(PropertySpec.integer("memoryTokens").withDefault(2_000))
            .property(PropertySpec.bool("blockPromptInjection").withDefault(false))
            .property(PropertySpec.bool("redactPersonalData").withDefault(false))
            .property(PropertySpec.bool("stream").withDefault(false))
            .property(PropertySpec.integer("timeoutSeconds").withDefault(60))
            .credentialType(AiCredentials.OPENAI.name())
            .credentialType(AiCredentials.ANTHROPIC.name())
            .credentialType(AiCredentials.GEMINI.name())
            .credentialType(AiCredentials.OLLAMA.name())
            .build();
  }

  /**
   * {@return a definition of a node of this type, for the DSL}
   *
   * @param provider the provider
   * @param model the model
   * @param prompt the user prompt (expressions allowed)
   * @param tools the tools, as the {@code tools} parameter describes them
   */
  public NodeDefinition definition(
      String provider, String model, String prompt, List<Map<String, Object>> tools) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", provider);
    p.put("model", model);
    p.put("prompt", prompt);
    p.put("tools", tools);
    return NodeDefinition.of(this, p);
  }

  @Override
  public NodeDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      AgentRun run = new AgentRun(ctx, i, providers, costs, hostTools, nodeTypes);
      NodeResult suspended = run.run();
      if (suspended != null) {
        return suspended; // waits for an approval; the items before are replayed from their steps
      }
      out.add(run.output());
    }
    return NodeResult.of(out);
  }
}

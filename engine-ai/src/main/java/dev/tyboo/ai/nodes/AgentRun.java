package dev.tyboo.ai.nodes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.ai.ChatMessage;
import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.ChatRole;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.ToolCall;
import dev.tyboo.ai.ToolSpec;
import dev.tyboo.ai.agent.AgentLimit;
import dev.tyboo.ai.agent.AgentLimitException;
import dev.tyboo.ai.agent.AgentTool;
import dev.tyboo.ai.agent.ToolInvocation;
import dev.tyboo.ai.cost.Cost;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.internal.HttpTool;
import dev.tyboo.ai.internal.ReAct;
import dev.tyboo.ai.internal.SchemaCheck;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeSteps;
import dev.tyboo.node.NodeType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent run: the loop of model calls and tool calls for one input item, each a recorded step
 * ({@code <item>/model/<n>}, {@code <item>/tool/<n>/<k>}, {@code <item>/approval/<n>/<k>}).
 */
final class AgentRun {

  private static final ObjectMapper JSON = dev.tyboo.json.JsonMappers.standard();

  private final NodeContext ctx;
  private final int item;
  private final ModelProviders providers;
  private final CostTracker costs;
  private final Map<String, AgentTool> hostTools;
  private final NodeRegistry nodeTypes;
  private final NodeSteps steps;

  private final List<ChatMessage> messages = new ArrayList<>();
  private final List<Map<String, Object>> toolLog = new ArrayList<>();
  private final Map<String, ToolDef> tools = new LinkedHashMap<>();
  private ModelSettings settings;
  private ChatModel model;
  private boolean react;
  private long inputTokens;
  private long outputTokens;
  private BigDecimal cost = BigDecimal.ZERO;
  private long millis;
  private int iterations;
  private String answer;
  private String answeredBy = "";
  private String prompt;
  private int maxToolResultChars;

  /** A tool as the workflow declared it: a host tool, an HTTP request or a deployed workflow. */
  private record ToolDef(
      ToolSpec spec,
      boolean requiresApproval,
      AgentTool host,
      String method,
      String url,
      Map<String, String> headers,
      String workflow,
      NodeType nodeType,
      Map<?, ?> nodeParameters) {

    static ToolDef host(AgentTool tool, boolean approval) {
      return new ToolDef(tool.spec(), approval, tool, null, null, Map.of(), null, null, null);
    }

    static ToolDef http(
        ToolSpec spec, boolean approval, String method, String url, Map<String, String> headers) {
      return new ToolDef(spec, approval, null, method, url, headers, null, null, null);
    }

    static ToolDef workflow(ToolSpec spec, boolean approval, String workflow) {
      return new ToolDef(spec, approval, null, null, null, Map.of(), workflow, null, null);
    }

    static ToolDef node(ToolSpec spec, boolean approval, NodeType type, Map<?, ?> parameters) {
      return new ToolDef(spec, approval, null, null, null, Map.of(), null, type, parameters);
    }
  }

  /** What a tool call waits for (an approval, a workflow), when {@link #toolStep} is empty. */
  private NodeResult pending;

  AgentRun(
      NodeContext ctx,
      int item,
      ModelProviders providers,
      CostTracker costs,
      Map<String, AgentTool> hostTools,
      NodeRegistry nodeTypes) {
    this.ctx = ctx;
    this.nodeTypes = nodeTypes;
    this.item = item;
    this.providers = providers;
    this.costs = costs;
    this.hostTools = hostTools;
    this.steps = ctx.steps();
  }

  // ---------------------------------------------------------------- parameters

  private Number number(String name) {
    return ctx.parameter(name, item, Number.class);
  }

  private int integer(String name, int otherwise, int min, int max) {
    Number n = number(name);
    int v = n == null ? otherwise : n.intValue();
    if (v < min || v > max) {
      throw new NonRetryableNodeException(
          "parameter '" + name + "' must be " + min + " to " + max + ", was " + v, item, null);
    }
    return v;
  }

  private boolean flag(String name) {
    return Boolean.TRUE.equals(ctx.parameter(name, item, Boolean.class));
  }

  private String step(String kind) {
    return item + "/" + kind;
  }

  // ---------------------------------------------------------------- the run

  /** Runs the agent; {@return a suspension while a tool call waits for approval, else null} */
  NodeResult run() {
    try {
      settings = ModelCalls.settings(ctx, item, providers);
      model = providers.get(settings.provider()).chatModel(settings);
    } catch (RuntimeException e) {
      throw ModelCalls.failure(ctx, item, e);
    }
    react = "react".equals(ctx.stringParameter("reasoning", item));
    readTools();
    maxToolResultChars = integer("maxToolResultChars", 20_000, 100, 1_000_000);
    prompt = guardedPrompt();
    int maxIterations = integer("maxIterations", 10, 1, 100);
    Number maxTokens = number("maxTokens");
    Number maxCost = number("maxCost");
    long maxMillis = integer("maxDurationSeconds", 300, 1, 86_400) * 1000L;

    String system = ctx.stringParameter("systemPrompt", item);
    if (react && !tools.isEmpty()) {
      String protocol = ReAct.instructions(specs());
      system = system == null || system.isBlank() ? protocol : system + "\n\n" + protocol;
    }
    if (system != null && !system.isBlank()) {
      messages.add(ChatMessage.system(system));
    }
    AgentMemory memory = AgentMemory.of(ctx, item);
    messages.addAll(memory.load());
    messages.add(ChatMessage.user(prompt));

    for (int n = 0; ; n++) {
      if (n >= maxIterations) {
        throw limit(AgentLimit.ITERATIONS, "it made " + n + " model calls (maxIterations)");
      }
      if (millis > maxMillis) {
        throw limit(
            AgentLimit.DURATION,
            "it spent " + millis + " ms in calls (maxDurationSeconds " + maxMillis / 1000 + ")");
      }
      int iteration = n;
      Map<?, ?> call = (Map<?, ?>) steps.run(step("model/" + n), () -> callModel(iteration));
      iterations = n + 1;
      ChatResult result = readModelStep(call);
      if (maxTokens != null && inputTokens + outputTokens > maxTokens.longValue()) {
        throw limit(
            AgentLimit.TOKENS,
            "it used " + (inputTokens + outputTokens) + " tokens (maxTokens " + maxTokens + ")");
      }
      if (maxCost != null && cost.compareTo(new BigDecimal(maxCost.toString())) > 0) {
        throw limit(
            AgentLimit.COST,
            "it cost "
                + cost.toPlainString()
                + " "
                + costs.reportingCurrency()
                + " (maxCost "
                + maxCost
                + ")");
      }
      List<ToolCall> calls = toolCalls(result, n);
      if (calls.isEmpty()) {
        answer = react ? ReAct.finalAnswer(result.text()) : result.text();
        break;
      }
      messages.add(
          react
              ? ChatMessage.assistant(result.text())
              : ChatMessage.assistant(result.text(), calls));
      List<String> names = calls.stream().map(ToolCall::name).toList();
      ctx.progress(AgentNode.TOOL_CALLS, Map.of("iteration", n, "tools", names, "item", item));
      for (int k = 0; k < calls.size(); k++) {
        Optional<Map<?, ?>> done = toolStep(n, k, calls.get(k));
        if (done.isEmpty()) {
          return pending;
        }
        String text = String.valueOf(done.get().get("result"));
        messages.add(
            react
                ? ChatMessage.user(ReAct.observation(text))
                : ChatMessage.toolResult(calls.get(k), text));
      }
    }
    memory.remember(prompt, answer, this::summarize);
    return null;
  }

  /** The call's tools: native, or parsed from a ReAct answer. */
  private List<ToolCall> toolCalls(ChatResult result, int n) {
    if (!react) {
      return result.toolCalls();
    }
    return ReAct.call(result.text(), "react-" + n).map(List::of).orElse(List.of());
  }

  private String guardedPrompt() {
    String text = ctx.stringParameter("prompt", item);
    if (text == null || text.isBlank()) {
      throw new NonRetryableNodeException(
          "parameter 'prompt' is empty: nothing to ask", item, null);
    }
    return PromptGuards.apply(ctx, item, text);
  }

  // ---------------------------------------------------------------- model calls

  private List<ToolSpec> specs() {
    return tools.values().stream().map(ToolDef::spec).toList();
  }

  /** One model call, made when not recorded: its answer, usage, cost and time as step data. */
  private Map<String, Object> callModel(int n) {
    ChatRequest.Builder b = ChatRequest.builder();
    messages.forEach(b::message);
    Number temperature = number("temperature");
    b.temperature(temperature == null ? null : temperature.doubleValue());
    if (!react) {
      specs().forEach(b::tool);
    }
    Instant start = Instant.now();
    ChatResult result;
    try {
      ChatRequest request = b.build();
      result =
          flag("stream")
              ? model.stream(
                  request,
                  chunk -> ctx.progress(AgentNode.TOKEN, Map.of("text", chunk, "item", item)))
              : model.chat(request);
    } catch (RuntimeException e) {
      throw ModelCalls.failure(ctx, item, e);
    }
    Cost paid = ModelCalls.record(ctx, costs, settings, result.usage());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("text", result.text());
    List<Map<String, Object>> calls = new ArrayList<>();
    for (ToolCall c : result.toolCalls()) {
      calls.add(Map.of("id", c.id(), "name", c.name(), "arguments", c.arguments()));
    }
    out.put("toolCalls", calls);
    out.put("inputTokens", result.usage().inputTokens());
    out.put("outputTokens", result.usage().outputTokens());
    out.put("cost", paid.amount().toPlainString());
    out.put("model", result.model());
    out.put("ms", Duration.between(start, Instant.now()).toMillis());
    return out;
  }

  private ChatResult readModelStep(Map<?, ?> step) {
    List<ToolCall> calls = new ArrayList<>();
    if (step.get("toolCalls") instanceof List<?> list) {
      for (Object o : list) {
        Map<?, ?> c = (Map<?, ?>) o;
        calls.add(
            new ToolCall(
                String.valueOf(c.get("id")),
                String.valueOf(c.get("name")),
                String.valueOf(c.get("arguments"))));
      }
    }
    long in = ((Number) step.get("inputTokens")).longValue();
    long out = ((Number) step.get("outputTokens")).longValue();
    inputTokens += in;
    outputTokens += out;
    cost = cost.add(new BigDecimal(String.valueOf(step.get("cost"))));
    millis += ((Number) step.get("ms")).longValue();
    if (step.get("model") instanceof String m && !m.isEmpty()) {
      answeredBy = m;
    }
    return new ChatResult(
        String.valueOf(step.get("text")),
        calls,
        new TokenUsage((int) in, (int) out),
        calls.isEmpty() ? "stop" : "tool_calls",
        answeredBy);
  }

  // ---------------------------------------------------------------- tool calls

  private void readTools() {
    if (!(ctx.parameter("tools", item) instanceof List<?> list)) {
      return;
    }
    for (int t = 0; t < list.size(); t++) {
      String at = "tools[" + t + "]";
      if (!(list.get(t) instanceof Map<?, ?> tool) || !(tool.get("name") instanceof String name)) {
        throw new NonRetryableNodeException(at + " must be an object with a 'name'", item, null);
      }
      String type = tool.get("type") instanceof String s ? s : "http";
      ToolDef def =
          switch (type) {
            case "host" -> hostTool(at, name, tool);
            case "http" -> httpTool(at, name, tool);
            case "workflow" -> workflowTool(at, name, tool);
            case "node" -> nodeTool(at, name, tool);
            default ->
                throw new NonRetryableNodeException(
                    at + ".type '" + type + "' is not http, host, workflow or node", item, null);
          };
      if (tools.put(name, def) != null) {
        throw new NonRetryableNodeException(
            at + ": a second tool named '" + name + "'", item, null);
      }
    }
  }

  private ToolDef hostTool(String at, String name, Map<?, ?> tool) {
    AgentTool host = hostTools.get(name);
    if (host == null) {
      throw new NonRetryableNodeException(
          at + ": the host gave agents no tool '" + name + "'; it gave " + hostTools.keySet(),
          item,
          null);
    }
    boolean approval = host.requiresApproval() || Boolean.TRUE.equals(tool.get("requiresApproval"));
    return ToolDef.host(host, approval);
  }

  private ToolDef nodeTool(String at, String name, Map<?, ?> tool) {
    if (!(tool.get("node") instanceof String typeName) || typeName.isBlank()) {
      throw new NonRetryableNodeException(
          at + ".node (a node type's name) is required for a node tool", item, null);
    }
    NodeType type =
        nodeTypes
            .latest(typeName)
            .orElseThrow(
                () ->
                    new NonRetryableNodeException(
                        at
                            + ".node: agents were given no node type '"
                            + typeName
                            + "' (AiNodes.builder().nodeTypes(..)); they were given "
                            + nodeTypes.typeNames(),
                        item,
                        null));
    Map<?, ?> parameters = tool.get("nodeParameters") instanceof Map<?, ?> m ? m : Map.of();
    ToolSpec spec =
        new ToolSpec(
            name,
            tool.get("description") instanceof String d ? d : type.descriptor().description(),
            FromAi.schema(parameters));
    return ToolDef.node(spec, Boolean.TRUE.equals(tool.get("requiresApproval")), type, parameters);
  }

  @SuppressWarnings("unchecked")
  private ToolDef workflowTool(String at, String name, Map<?, ?> tool) {
    if (!(tool.get("workflow") instanceof String workflow) || workflow.isBlank()) {
      throw new NonRetryableNodeException(
          at + ".workflow (a deployed workflow's name) is required for a workflow tool",
          item,
          null);
    }
    Map<String, Object> parameters =
        tool.get("parameters") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    ToolSpec spec =
        new ToolSpec(name, tool.get("description") instanceof String d ? d : "", parameters);
    return ToolDef.workflow(spec, Boolean.TRUE.equals(tool.get("requiresApproval")), workflow);
  }

  @SuppressWarnings("unchecked")
  private ToolDef httpTool(String at, String name, Map<?, ?> tool) {
    if (!(tool.get("url") instanceof String url) || url.isBlank()) {
      throw new NonRetryableNodeException(at + ".url is required for an http tool", item, null);
    }
    String method = tool.get("method") instanceof String m ? m : "GET";
    Map<String, String> headers = new LinkedHashMap<>();
    if (tool.get("headers") instanceof Map<?, ?> h) {
      h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
    }
    Map<String, Object> parameters =
        tool.get("parameters") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    ToolSpec spec =
        new ToolSpec(name, tool.get("description") instanceof String d ? d : "", parameters);
    return ToolDef.http(
        spec, Boolean.TRUE.equals(tool.get("requiresApproval")), method, url, headers);
  }

  /**
   * The recorded result of call {@code k} of model call {@code n}: made now when not recorded;
   * {@return empty when it must wait for an approval first}
   */
  private Optional<Map<?, ?>> toolStep(int n, int k, ToolCall call) {
    String name = step("tool/" + n + "/" + k);
    if (steps.contains(name)) {
      return Optional.of(logged(call, (Map<?, ?>) steps.get(name).orElseThrow()));
    }
    ToolDef def = tools.get(call.name());
    Map<String, Object> arguments = null;
    String problem = null;
    if (def == null) {
      problem = "there is no tool '" + call.name() + "'; the tools are " + tools.keySet();
    } else {
      try {
        Object parsed = JSON.readValue(call.arguments(), Object.class);
        if (parsed instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> args = (Map<String, Object>) m;
          arguments = args;
          List<String> off = SchemaCheck.problems(args, def.spec().parameters());
          if (!def.spec().parameters().isEmpty() && !off.isEmpty()) {
            problem = "the arguments do not match the tool's schema: " + String.join("; ", off);
          }
        } else {
          problem = "the arguments are not a JSON object";
        }
      } catch (JsonProcessingException e) {
        problem = "the arguments are not valid JSON: " + e.getOriginalMessage();
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    if (problem != null) {
      result.put("ok", false);
      result.put("result", "Error: " + problem);
      return Optional.of(logged(call, (Map<?, ?>) steps.record(name, result)));
    }
    if (def.requiresApproval()) {
      String approvalStep = step("approval/" + n + "/" + k);
      if (!steps.contains(approvalStep)) {
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("tool", call.name());
        asked.put("arguments", arguments);
        asked.put("resumeToken", ctx.flow().resumeToken());
        asked.put("item", item);
        ctx.progress(AgentNode.APPROVAL, asked);
        this.pending = suspension(n, k);
        return Optional.empty();
      }
      Map<?, ?> decision = decision(approvalStep);
      result.put("approved", Boolean.TRUE.equals(decision.get("approved")));
      if (!Boolean.TRUE.equals(decision.get("approved"))) {
        Object reason = decision.get("reason");
        result.put("ok", false);
        result.put(
            "result", "Error: a person denied this call" + (reason == null ? "" : ": " + reason));
        return Optional.of(logged(call, (Map<?, ?>) steps.record(name, result)));
      }
    }
    if (def.workflow() != null) { // a child execution, waited for without a thread
      String child = step("workflow/" + n + "/" + k);
      if (!steps.contains(child)) {
        ctx.flow().startSubWorkflow(def.workflow(), List.of(Item.of(arguments)), child);
        this.pending = NodeResult.suspend(child, null, List.of());
        return Optional.empty();
      }
      Map<?, ?> ended = (Map<?, ?>) steps.get(child).orElseThrow();
      boolean ok = ended.get("error") == null;
      result.put("ok", ok);
      try {
        List<?> items = (List<?>) ended.get("items");
        result.put(
            "result",
            ok
                ? text(items.size() == 1 ? items.get(0) : items)
                : "Error: the workflow failed: " + ended.get("error"));
      } catch (JsonProcessingException e) {
        throw new NonRetryableNodeException("a workflow tool's result is not JSON", item, e);
      }
      Map<?, ?> recorded = (Map<?, ?>) steps.record(name, result);
      ctx.progress(
          AgentNode.TOOL_RESULT,
          Map.of("tool", call.name(), "ok", recorded.get("ok"), "item", item));
      return Optional.of(logged(call, recorded));
    }
    Instant start = Instant.now();
    try {
      Object value = invoke(def, arguments, ctx.idempotencyKey() + "/" + name);
      result.put("ok", true);
      result.put("result", text(value));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.tyboo.error.RetryableNodeException("interrupted in tool " + call.name());
    } catch (Exception e) {
      result.put("ok", false);
      result.put("result", "Error: the tool failed: " + e.getMessage());
    }
    result.put("ms", Duration.between(start, Instant.now()).toMillis());
    Map<?, ?> recorded = (Map<?, ?>) steps.record(name, result);
    ctx.progress(
        AgentNode.TOOL_RESULT, Map.of("tool", call.name(), "ok", recorded.get("ok"), "item", item));
    return Optional.of(logged(call, recorded));
  }

  /** The first resume item of an approval step: {@code {"approved": .., "reason": ..}}. */
  private Map<?, ?> decision(String approvalStep) {
    Map<?, ?> recorded = (Map<?, ?>) steps.get(approvalStep).orElse(Map.of());
    if (recorded.get("items") instanceof List<?> items
        && !items.isEmpty()
        && items.get(0) instanceof Map<?, ?> first) {
      return first;
    }
    return Map.of("approved", false, "reason", "no decision was given");
  }

  private Object invoke(ToolDef def, Map<String, Object> arguments, String idempotencyKey)
      throws Exception {
    if (def.nodeType() != null) {
      List<Map<String, Object>> items =
          NodeTool.run(ctx, def.nodeType(), def.nodeParameters(), arguments, idempotencyKey);
      return items.size() == 1 ? items.get(0) : items;
    }
    if (def.host() != null) {
      return def.host()
          .call(
              arguments,
              new ToolInvocation(idempotencyKey, ctx.executionId(), ctx.nodeId(), ctx.tenant()));
    }
    return HttpTool.call(
        def.method(),
        def.url(),
        def.headers(),
        arguments,
        idempotencyKey,
        ctx.networkPolicy(),
        ctx.tenant() == null ? "" : ctx.tenant(),
        settings.timeout(),
        maxToolResultChars);
  }

  private String text(Object value) throws JsonProcessingException {
    String text = value instanceof String s ? s : JSON.writeValueAsString(value);
    int max = maxToolResultChars;
    return text.length() > max
        ? text.substring(0, max) + "... (cut at " + max + " characters)"
        : text;
  }

  private Map<?, ?> logged(ToolCall call, Map<?, ?> recorded) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", call.name());
    Object arguments;
    try {
      arguments = JSON.readValue(call.arguments(), Object.class);
    } catch (JsonProcessingException e) {
      arguments = call.arguments();
    }
    entry.put("arguments", arguments);
    entry.put("ok", recorded.get("ok"));
    entry.put("result", recorded.get("result"));
    if (recorded.containsKey("approved")) {
      entry.put("approved", recorded.get("approved"));
    }
    toolLog.add(entry);
    millis += recorded.get("ms") instanceof Number ms ? ms.longValue() : 0;
    return recorded;
  }

  private NodeResult suspension(int n, int k) {
    Number timeout = number("approvalTimeoutSeconds");
    Instant until = timeout == null ? null : ctx.clock().now().plusSeconds(timeout.longValue());
    return NodeResult.suspend(
        step("approval/" + n + "/" + k),
        until,
        List.of(Item.of(Map.of("approved", false, "reason", "no decision before the timeout"))));
  }

  // ---------------------------------------------------------------- summary memory, output

  /** Asks the model for a summary of some messages, once (a recorded step). */
  private String summarize(String earlierSummary, List<ChatMessage> older) {
    Map<?, ?> made =
        (Map<?, ?>)
            steps.run(
                step("summary"),
                () -> {
                  StringBuilder text = new StringBuilder();
                  if (earlierSummary != null) {
                    text.append("Summary so far: ").append(earlierSummary).append('\n');
                  }
                  for (ChatMessage m : older) {
                    text.append(m.role().name().toLowerCase(java.util.Locale.ROOT))
                        .append(": ")
                        .append(m.text())
                        .append('\n');
                  }
                  ChatRequest request =
                      ChatRequest.builder()
                          .system(
                              "Summarize this conversation in a few sentences, keeping the facts,"
                                  + " names and decisions a later answer may need.")
                          .user(text.toString())
                          .build();
                  ChatResult r;
                  try {
                    r = model.chat(request);
                  } catch (RuntimeException e) {
                    throw ModelCalls.failure(ctx, item, e);
                  }
                  ModelCalls.record(ctx, costs, settings, r.usage());
                  return Map.of("text", r.text());
                });
    return String.valueOf(made.get("text"));
  }

  private AgentLimitException limit(AgentLimit limit, String detail) {
    return new AgentLimitException(limit, item, detail, transcript());
  }

  private List<Map<String, Object>> transcript() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ChatMessage m : messages) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("role", m.role().name().toLowerCase(java.util.Locale.ROOT));
      e.put("text", m.text());
      if (!m.toolCalls().isEmpty()) {
        e.put(
            "toolCalls",
            m.toolCalls().stream()
                .map(c -> Map.of("id", c.id(), "name", c.name(), "arguments", c.arguments()))
                .toList());
      }
      if (m.role() == ChatRole.TOOL) {
        e.put("toolCallId", m.toolCallId() == null ? "" : m.toolCallId());
      }
      out.add(e);
    }
    return out;
  }

  /** {@return the run's output item} */
  Item output() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("text", answer);
    json.put("iterations", iterations);
    json.put("toolCalls", toolLog);
    json.put(
        "usage",
        Map.of(
            "inputTokens", inputTokens,
            "outputTokens", outputTokens,
            "totalTokens", inputTokens + outputTokens));
    json.put("cost", Map.of("amount", cost.doubleValue(), "currency", costs.reportingCurrency()));
    json.put("durationMs", millis);
    json.put("provider", settings.provider());
    json.put("model", answeredBy.isEmpty() ? settings.model() : answeredBy);
    return Item.of(json);
  }
}

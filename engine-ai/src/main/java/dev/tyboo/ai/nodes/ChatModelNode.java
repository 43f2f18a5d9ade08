package dev.tyboo.ai.nodes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.ai.ChatMessage;
import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.ChatRole;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.ToolCall;
import dev.tyboo.ai.ToolSpec;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.ai.spi.ModelProvider;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.json.JsonMappers;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Chat Model node (JSON type {@code chatModel}): asks one chat model per input item, on any
 * provider ({@code openai}, {@code openai-compatible}, {@code anthropic}, {@code gemini}, {@code
 * ollama}), and emits its answer.
 *
 * <p>Parameters: {@code provider}, {@code model}, {@code baseUrl} (else the credential's, else the
 * provider's), {@code systemPrompt}, {@code prompt} and/or {@code messages} ({@code [{"role":
 * "user"|"assistant"|"system", "content": ...}]}), {@code temperature}, {@code maxTokens}, {@code
 * jsonOutput} (the answer must be a JSON object; it is parsed into {@code json}; providers without
 * a JSON mode, Anthropic's, are asked for one in the system prompt), {@code tools} ({@code
 * [{"name", "description", "parameters": <JSON schema>}]}: requests come back as data in {@code
 * toolCalls}, nothing runs), {@code stream} (each chunk is a {@code NodeProgress} event of kind
 * {@code token}), {@code blockPromptInjection} and {@code redactPersonalData} (guardrails on the
 * prompt and the user messages), {@code timeoutSeconds} (default 60).
 *
 * <p>Each output item: {@code text}, {@code json} (with {@code jsonOutput}), {@code toolCalls}
 * ({@code id}, {@code name}, {@code arguments} parsed), {@code finishReason}, {@code provider},
 * {@code model}, {@code usage} (tokens), {@code cost} (this call) and {@code executionCost} (the
 * execution so far). 429, 5xx and timeouts fail the attempt as retryable, honouring {@code
 * Retry-After}; a bad key, an unknown model or an unreadable answer fail it for good.
 */
public final class ChatModelNode implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "chatModel";

  /**
   * Chunks of a streamed answer are node progress of this kind, with {@code text} and {@code item}.
   */
  public static final String TOKEN = "token";

  private static final ObjectMapper JSON = JsonMappers.standard();

  /** The descriptor: the provider parameters list the providers this node type was given. */
  private static NodeDescriptor describe(ModelProviders providers) {
    return NodeDescriptor.builder(TYPE)
        .displayName("Chat Model")
        .description("Asks a chat model (OpenAI, Anthropic, Gemini, Ollama, OpenAI-compatible)")
        .property(
            PropertySpec.string("provider").oneOf(providers.namesWith(Capability.CHAT)).required())
        .property(PropertySpec.string("model").required())
        .property(PropertySpec.string("baseUrl"))
        .property(PropertySpec.string("systemPrompt"))
        .property(PropertySpec.string("prompt"))
        .property(PropertySpec.array("messages"))
        .property(PropertySpec.number("temperature"))
        .property(PropertySpec.integer("maxTokens"))
        .property(PropertySpec.bool("jsonOutput").withDefault(false))
        .property(PropertySpec.object("outputSchema"))
        .property(PropertySpec.integer("repairAttempts").withDefault(2))
        .property(PropertySpec.array("tools"))
        .property(PropertySpec.bool("stream").withDefault(false))
        .property(PropertySpec.bool("blockPromptInjection").withDefault(false))
        .property(PropertySpec.bool("redactPersonalData").withDefault(false))
        .property(PropertySpec.integer("timeoutSeconds").withDefault(60))
        .credentialType(AiCredentials.OPENAI.name())
        .credentialType(AiCredentials.ANTHROPIC.name())
        .credentialType(AiCredentials.GEMINI.name())
        .credentialType(AiCredentials.OLLAMA.name())
        .build();
  }

  private final NodeDescriptor descriptor;

  private final ModelProviders providers;
  private final CostTracker costs;

  /**
   * Creates the node type.
   *
   * @param providers where models come from
   * @param costs where calls are priced and totalled
   */
  public ChatModelNode(ModelProviders providers, CostTracker costs) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.descriptor = describe(providers);
    this.costs = Objects.requireNonNull(costs, "costs");
  }

  /**
   * {@return a definition of a node of this type, for the DSL}
   *
   * @param provider the provider
   * @param model the model
   * @param prompt the user prompt (expressions allowed)
   */
  public NodeDefinition definition(String provider, String model, String prompt) {
    return NodeDefinition.of(this, Map.of("provider", provider, "model", model, "prompt", prompt));
  }

  @Override
  public NodeDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      out.add(answer(ctx, i));
    }
    return NodeResult.of(out);
  }

  private Item answer(NodeContext ctx, int i) {
    ModelSettings settings;
    ChatRequest request;
    ChatModel model;
    try {
      settings = ModelCalls.settings(ctx, i, providers);
      ModelProvider provider = providers.get(settings.provider());
      request = request(ctx, i, provider.capabilities().contains(Capability.JSON_OUTPUT));
      model = provider.chatModel(settings);
    } catch (RuntimeException e) {
      throw ModelCalls.failure(ctx, i, e);
    }
    ChatResult result;
    try {
      if (Boolean.TRUE.equals(ctx.parameter("stream", i, Boolean.class))) {
        int item = i;
        result =
            model.stream(
                request, chunk -> ctx.progress(TOKEN, Map.of("text", chunk, "item", item)));
      } else {
        result = model.chat(request);
      }
    } catch (RuntimeException e) {
      throw ModelCalls.failure(ctx, i, e);
    }
    int repairs = 0;
    if (ctx.parameter("outputSchema", i) instanceof Map<?, ?> schema) {
      Number allowed = ctx.parameter("repairAttempts", i, Number.class);
      int maxRepairs = allowed == null ? 2 : allowed.intValue();
      if (maxRepairs < 0 || maxRepairs > 5) {
        throw new NonRetryableNodeException(
            "parameter 'repairAttempts' must be 0 to 5, was " + maxRepairs, i, null);
      }
      List<ChatMessage> conversation = new ArrayList<>(request.messages());
      while (true) {
        List<String> problems = schemaProblems(result.text(), schema);
        if (problems.isEmpty()) {
          break;
        }
        if (repairs == maxRepairs) {
          ModelCalls.record(ctx, costs, settings, result.usage());
          throw new OutputSchemaException(i, repairs + 1, problems);
        }
        ModelCalls.record(ctx, costs, settings, result.usage()); // the discarded answer is paid for
        conversation.add(ChatMessage.assistant(result.text()));
        conversation.add(
            ChatMessage.user(
                "Your answer does not match the required JSON schema:\n- "
                    + String.join("\n- ", problems)
                    + "\nAnswer with the corrected JSON object only."));
        ChatRequest retry =
            new ChatRequest(
                conversation,
                request.temperature(),
                request.maxTokens(),
                request.jsonOutput(),
                request.tools());
        try {
          result = model.chat(retry);
        } catch (RuntimeException e) {
          throw ModelCalls.failure(ctx, i, e);
        }
        repairs++;
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("text", result.text());
    if (Boolean.TRUE.equals(ctx.parameter("jsonOutput", i, Boolean.class))) {
      json.put("json", parseObject(ctx, i, result.text(), "answer"));
    }
    List<Map<String, Object>> calls = new ArrayList<>();
    for (ToolCall call : result.toolCalls()) {
      calls.add(
          Map.of(
              "id",
              call.id(),
              "name",
              call.name(),
              "arguments",
              parseObject(
                  ctx, i, call.arguments(), "the arguments of tool '" + call.name() + "'")));
    }
    json.put("toolCalls", calls);
    json.put("finishReason", result.finishReason());
    json.put("provider", settings.provider());
    json.put("model", result.model().isEmpty() ? settings.model() : result.model());
    if (ctx.parameter("outputSchema", i) instanceof Map<?, ?>) {
      json.put("repairs", repairs);
    }
    json.putAll(ModelCalls.account(ctx, costs, settings, result.usage()));
    return Item.of(json);
  }

  /** The answer's problems against the schema: not JSON, or each mismatch with its path. */
  private static List<String> schemaProblems(String text, Map<?, ?> schema) {
    Object value;
    try {
      value = JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
      return List.of("$: is not JSON: " + shown);
    }
    return dev.tyboo.ai.internal.SchemaCheck.problems(value, schema);
  }

  private static Map<String, Object> parseObject(NodeContext ctx, int i, String text, String what) {
    try {
      Object value = JSON.readValue(text, Object.class);
      if (value instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) m;
        return map;
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    throw new NonRetryableNodeException(
        "the model's " + what + " is not a JSON object: " + shown, i, null);
  }

  /** Asked of providers without a JSON mode, when the workflow wants a JSON answer. */
  static final String JSON_INSTRUCTION =
      "Answer with a single JSON object and nothing else: no prose, no code fences.";

  private static ChatRequest request(NodeContext ctx, int i, boolean jsonMode) {
    ChatRequest.Builder b = ChatRequest.builder();
    boolean json = Boolean.TRUE.equals(ctx.parameter("jsonOutput", i, Boolean.class));
    String system = ctx.stringParameter("systemPrompt", i);
    if (json && !jsonMode) {
      system =
          system == null || system.isBlank()
              ? JSON_INSTRUCTION
              : system + "\n\n" + JSON_INSTRUCTION;
    }
    if (system != null && !system.isBlank()) {
      b.system(system);
    }
    if (ctx.parameter("messages", i) instanceof List<?> messages) {
      for (int m = 0; m < messages.size(); m++) {
        if (!(messages.get(m) instanceof Map<?, ?> message)
            || !(message.get("content") instanceof String content)) {
          throw new IllegalArgumentException(
              "messages[" + m + "] must be an object with a 'role' and a 'content' text");
        }
        Object givenRole = message.get("role");
        String role = givenRole == null ? "user" : String.valueOf(givenRole);
        try {
          ChatRole r = ChatRole.valueOf(role.toUpperCase(Locale.ROOT));
          b.message(
              new ChatMessage(
                  r, r == ChatRole.USER ? PromptGuards.apply(ctx, i, content) : content));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "messages[" + m + "].role '" + role + "' is not system, user or assistant");
        }
      }
    }
    String prompt = ctx.stringParameter("prompt", i);
    if (prompt != null && !prompt.isBlank()) {
      b.user(PromptGuards.apply(ctx, i, prompt));
    }
    Number temperature = ctx.parameter("temperature", i, Number.class);
    Number maxTokens = ctx.parameter("maxTokens", i, Number.class);
    b.temperature(temperature == null ? null : temperature.doubleValue())
        .maxTokens(maxTokens == null ? null : maxTokens.intValue())
        .jsonOutput(json && jsonMode);
    if (ctx.parameter("tools", i) instanceof List<?> tools) {
      for (int t = 0; t < tools.size(); t++) {
        if (!(tools.get(t) instanceof Map<?, ?> tool)
            || !(tool.get("name") instanceof String name)) {
          throw new IllegalArgumentException("tools[" + t + "] must be an object with a 'name'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters =
            tool.get("parameters") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        b.tool(
            new ToolSpec(name, tool.get("description") instanceof String d ? d : "", parameters));
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().contains("at least one message")
              ? "set a 'prompt' or 'messages' (there is nothing to ask)"
              : e.getMessage(),
          e);
    }
  }
}

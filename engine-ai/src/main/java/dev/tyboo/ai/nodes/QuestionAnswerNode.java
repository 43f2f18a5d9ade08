package dev.tyboo.ai.nodes;

import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.EmbeddingResult;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.cost.Cost;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.rag.SourcedPrompt;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.ai.spi.VectorStore;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Question and Answer node (JSON type {@code questionAnswer}): per item, embeds the {@code
 * question} ({@code embeddingProvider}, {@code embeddingModel}), retrieves the {@code topK} nearest
 * chunks from a vector store ({@code store}, {@code collection}, {@code filter}), and asks a chat
 * model ({@code provider}, {@code model}, {@code baseUrl}, {@code temperature}, {@code maxTokens},
 * {@code systemPrompt}) to answer from those sources, citing them as [n].
 *
 * <p>Each output item: {@code answer}, {@code sources} ({@code n}, {@code id}, {@code text}, {@code
 * score}, {@code metadata}), {@code usage} (the chat call), {@code cost} (both calls), {@code
 * executionCost}.
 */
public final class QuestionAnswerNode implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "questionAnswer";

  /** The descriptor: the provider parameters list the providers this node type was given. */
  private static NodeDescriptor describe(ModelProviders providers) {
    return NodeDescriptor.builder(TYPE)
        .displayName("Question and Answer")
        .description("Answers a question from a vector store's documents, citing its sources")
        .property(PropertySpec.string("question").required())
        .property(PropertySpec.string("store").withDefault("memory"))
        .property(PropertySpec.string("collection").required())
        .property(PropertySpec.integer("topK").withDefault(4))
        .property(PropertySpec.object("filter"))
        .property(
            PropertySpec.string("embeddingProvider")
                .oneOf(providers.namesWith(Capability.EMBEDDINGS))
                .required())
        .property(PropertySpec.string("embeddingModel").required())
        .property(PropertySpec.string("embeddingBaseUrl"))
        .property(
            PropertySpec.string("provider").oneOf(providers.namesWith(Capability.CHAT)).required())
        .property(PropertySpec.string("model").required())
        .property(PropertySpec.string("baseUrl"))
        .property(PropertySpec.string("systemPrompt"))
        .property(PropertySpec.number("temperature"))
        .property(PropertySpec.integer("maxTokens"))
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
  private final Map<String, VectorStore> stores;

  /**
   * Creates the node type.
   *
   * @param providers where models come from
   * @param costs where calls are priced and totalled
   * @param stores the vector stores workflows may name
   */
  public QuestionAnswerNode(
      ModelProviders providers, CostTracker costs, Map<String, VectorStore> stores) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.descriptor = describe(providers);
    this.costs = Objects.requireNonNull(costs, "costs");
    this.stores = Map.copyOf(stores);
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
    String question = ctx.stringParameter("question", i);
    if (question == null || question.isBlank()) {
      throw new NonRetryableNodeException("item " + i + " has no question", i, null);
    }
    VectorStore store = VectorStoreNode.store(ctx, stores, i);
    ModelSettings embedding;
    ModelSettings chat;
    EmbeddingResult embedded;
    List<VectorMatch> matches;
    ChatResult result;
    try {
      embedding =
          ModelCalls.settings(
              ctx, i, "embeddingProvider", "embeddingModel", "embeddingBaseUrl", providers);
      chat = ModelCalls.settings(ctx, i, providers);
      embedded =
          providers.get(embedding.provider()).embeddingModel(embedding).embed(List.of(question));
    } catch (RuntimeException e) {
      throw ModelCalls.failure(ctx, i, e);
    }
    Cost embeddingCost = ModelCalls.record(ctx, costs, embedding, embedded.usage());
    Map<String, Object> filter = new LinkedHashMap<>();
    if (ctx.parameter("filter", i) instanceof Map<?, ?> f) {
      f.forEach((k, v) -> filter.put(String.valueOf(k), v));
    }
    try {
      matches =
          store.query(
              ctx.stringParameter("collection", i),
              embedded.vectors().getFirst(),
              ctx.parameter("topK", i, Number.class).intValue(),
              filter);
      String system = ctx.stringParameter("systemPrompt", i);
      Number temperature = ctx.parameter("temperature", i, Number.class);
      Number maxTokens = ctx.parameter("maxTokens", i, Number.class);
      ChatRequest request =
          ChatRequest.builder()
              .system(system == null || system.isBlank() ? SourcedPrompt.DEFAULT_SYSTEM : system)
              .user(SourcedPrompt.user(question, matches))
              .temperature(temperature == null ? null : temperature.doubleValue())
              .maxTokens(maxTokens == null ? null : maxTokens.intValue())
              .build();
      result = providers.get(chat.provider()).chatModel(chat).chat(request);
    } catch (RuntimeException e) {
      throw ModelCalls.failure(ctx, i, e);
    }
    Cost chatCost = ModelCalls.record(ctx, costs, chat, result.usage());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("answer", result.text());
    List<Map<String, Object>> sources = new ArrayList<>();
    for (int n = 0; n < matches.size(); n++) {
      Map<String, Object> source = VectorStoreNode.match(matches.get(n), i);
      source.remove("query");
      source.put("n", n + 1);
      sources.add(source);
    }
    json.put("sources", sources);
    json.putAll(
        ModelCalls.accounting(
            ctx,
            costs,
            result.usage(),
            chatCost.plus(embeddingCost),
            costs.prices().priced(chat.provider(), chat.model())
                && costs.prices().priced(embedding.provider(), embedding.model())));
    return Item.of(json);
  }
}

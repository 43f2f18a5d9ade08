package dev.tyboo.ai.nodes;

import dev.tyboo.ai.EmbeddingResult;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Embeddings node (JSON type {@code embeddings}): embeds one text per input item, all items in
 * one call, and adds the vector to each item. Providers: {@code openai}, {@code openai-compatible},
 * {@code gemini}, {@code ollama}, and {@code local} (all-MiniLM-L6-v2 in this process, offline).
 *
 * <p>Parameters: {@code provider}, {@code model}, {@code baseUrl}, {@code text} (expressions
 * allowed, per item), {@code field} (where the vector goes, default {@code embedding}), {@code
 * timeoutSeconds}. The items also get {@code usage}, {@code cost} and {@code executionCost} of the
 * whole call on the first item only, so totals add up.
 */
public final class EmbeddingsNode implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "embeddings";

  /** The descriptor: the provider parameters list the providers this node type was given. */
  private static NodeDescriptor describe(ModelProviders providers) {
    return NodeDescriptor.builder(TYPE)
        .displayName("Embeddings")
        .description("Turns texts into vectors (OpenAI, Gemini, Ollama, or in-process)")
        .property(
            PropertySpec.string("provider")
                .oneOf(providers.namesWith(Capability.EMBEDDINGS))
                .required())
        .property(PropertySpec.string("model").required())
        .property(PropertySpec.string("baseUrl"))
        .property(PropertySpec.string("text").required())
        .property(PropertySpec.string("field").withDefault("embedding"))
        .property(PropertySpec.integer("timeoutSeconds").withDefault(60))
        .credentialType(AiCredentials.OPENAI.name())
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
  public EmbeddingsNode(ModelProviders providers, CostTracker costs) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.descriptor = describe(providers);
    this.costs = Objects.requireNonNull(costs, "costs");
  }

  /**
   * {@return a definition of a node of this type, for the DSL}
   *
   * @param provider the provider
   * @param model the model
   * @param text the text to embed (expressions allowed)
   */
  public NodeDefinition definition(String provider, String model, String text) {
    return NodeDefinition.of(this, Map.of("provider", provider, "model", model, "text", text));
  }

  @Override
  public NodeDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      String text = ctx.stringParameter("text", i);
      if (text == null || text.isBlank()) {
        throw new dev.tyboo.error.NonRetryableNodeException(
            "item " + i + " has no text to embed", i, null);
      }
      texts.add(text);
    }
    ModelSettings settings;
    EmbeddingResult result;
    try {
      settings = ModelCalls.settings(ctx, 0, providers);
      result = providers.get(settings.provider()).embeddingModel(settings).embed(texts);
    } catch (RuntimeException e) {
      throw ModelCalls.failure(ctx, 0, e);
    }
    Map<String, Object> accounting = ModelCalls.account(ctx, costs, settings, result.usage());
    String field = ctx.stringParameter("field", 0);
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      float[] v = result.vectors().get(i);
      List<Double> vector = new ArrayList<>(v.length);
      for (float f : v) {
        vector.add((double) f);
      }
      Item item = input.get(i).with(field, vector);
      if (i == 0) {
        for (Map.Entry<String, Object> e : accounting.entrySet()) {
          item = item.with(e.getKey(), e.getValue());
        }
      }
      out.add(item);
    }
    return NodeResult.of(out);
  }
}

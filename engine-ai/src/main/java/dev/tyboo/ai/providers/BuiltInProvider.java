package dev.tyboo.ai.providers;

import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.ai.spi.EmbeddingModel;
import dev.tyboo.ai.spi.ModelProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A built-in provider: its name, what it can do, its public base URL, whether it needs a key, and
 * how its models are built. Models are kept for reuse by their settings (the last {@value
 * #CACHED_MODELS} of each kind), so a node does not build LangChain4j clients per item.
 */
final class BuiltInProvider implements ModelProvider {

  private final String name;
  private final Set<Capability> capabilities;
  private final String defaultBaseUrl;
  private final boolean needsKey;
  private final Function<ModelSettings, ChatModel> chat;
  private final Function<ModelSettings, EmbeddingModel> embeddings;
  private final Map<ModelSettings, ChatModel> chatModels = lru();
  private final Map<ModelSettings, EmbeddingModel> embeddingModels = lru();

  /** Models made recently, by settings: building one makes HTTP clients (and their threads). */
  private static <V> Map<ModelSettings, V> lru() {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ModelSettings, V> eldest) {
            return size() > CACHED_MODELS;
          }
        });
  }

  /** How many models of each kind a provider keeps for reuse. */
  static final int CACHED_MODELS = 32;

  BuiltInProvider(
      String name,
      Set<Capability> capabilities,
      String defaultBaseUrl,
      boolean needsKey,
      Function<ModelSettings, ChatModel> chat,
      Function<ModelSettings, EmbeddingModel> embeddings) {
    this.name = name;
    this.capabilities = Set.copyOf(capabilities);
    this.defaultBaseUrl = defaultBaseUrl;
    this.needsKey = needsKey;
    this.chat = chat;
    this.embeddings = embeddings;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public boolean requiresApiKey() {
    return needsKey;
  }

  private ModelSettings complete(ModelSettings s) {
    String baseUrl = s.baseUrl() == null || s.baseUrl().isBlank() ? defaultBaseUrl : s.baseUrl();
    if (baseUrl == null) {
      throw new IllegalArgumentException(
          "provider '"
              + name
              + "' needs a base URL (the server's address, such as http://host/v1)");
    }
    String key = s.apiKey();
    if (needsKey && (key == null || key.isBlank())) {
      throw new IllegalArgumentException(
          "provider '" + name + "' needs an API key (a credential of the node)");
    }
    return new ModelSettings(
        name, s.model(), baseUrl, key == null || key.isBlank() ? "none" : key, s.timeout());
  }

  @Override
  public ChatModel chatModel(ModelSettings settings) {
    if (chat == null) {
      throw new UnsupportedOperationException("provider '" + name + "' has no chat models");
    }
    return chatModels.computeIfAbsent(complete(settings), chat);
  }

  @Override
  public EmbeddingModel embeddingModel(ModelSettings settings) {
    if (embeddings == null) {
      throw new UnsupportedOperationException("provider '" + name + "' has no embedding models");
    }
    return embeddingModels.computeIfAbsent(complete(settings), embeddings);
  }

  @Override
  public String toString() {
    return "ModelProvider[" + name + "]";
  }
}

package dev.tyboo.ai.providers;

import dev.tyboo.ai.UnknownModelProviderException;
import dev.tyboo.ai.internal.LangChainModels;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.ai.spi.ModelProvider;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Model providers by name. Immutable; thread-safe. */
public final class ModelProviders {

  /** OpenAI's API. */
  public static final String OPENAI = "openai";

  /** Any server that speaks OpenAI's chat and embeddings API at its base URL. */
  public static final String OPENAI_COMPATIBLE = "openai-compatible";

  /** Anthropic's Messages API. */
  public static final String ANTHROPIC = "anthropic";

  /** Google's Gemini API. */
  public static final String GEMINI = "gemini";

  /** An Ollama server. */
  public static final String OLLAMA = "ollama";

  /** Models in this process: all-MiniLM-L6-v2 embeddings, offline. */
  public static final String LOCAL = "local";

  private final Map<String, ModelProvider> byName;

  private ModelProviders(Map<String, ModelProvider> byName) {
    this.byName = Map.copyOf(byName);
  }

  /**
   * {@return the built-in providers: {@value #OPENAI}, {@value #OPENAI_COMPATIBLE} (LocalAI,
   * llama.cpp server, vLLM, ... at their base URL), {@value #ANTHROPIC}, {@value #GEMINI}, {@value
   * #OLLAMA} (default {@code http://localhost:11434}), and {@value #LOCAL}}
   */
  public static ModelProviders defaults() {
    Set<Capability> all = EnumSet.complementOf(EnumSet.of(Capability.MODERATION));
    // Anthropic's API has no JSON mode: the Chat Model node asks for JSON in the system prompt
    Set<Capability> anthropic =
        EnumSet.complementOf(
            EnumSet.of(Capability.EMBEDDINGS, Capability.JSON_OUTPUT, Capability.MODERATION));
    return of(
        List.of(
            new BuiltInProvider(
                OPENAI,
                EnumSet.allOf(Capability.class),
                "https://api.openai.com/v1",
                true,
                LangChainModels::openAiChat,
                LangChainModels::openAiEmbeddings),
            new BuiltInProvider(
                OPENAI_COMPATIBLE,
                all,
                null,
                false,
                LangChainModels::openAiChat,
                LangChainModels::openAiEmbeddings),
            new BuiltInProvider(
                ANTHROPIC,
                anthropic,
                "https://api.anthropic.com/v1",
                true,
                LangChainModels::anthropicChat,
                null),
            new BuiltInProvider(
                GEMINI,
                all,
                "https://generativelanguage.googleapis.com/v1beta",
                true,
                LangChainModels::geminiChat,
                LangChainModels::geminiEmbeddings),
            new BuiltInProvider(
                OLLAMA,
                all,
                "http://localhost:11434",
                false,
                LangChainModels::ollamaChat,
                LangChainModels::ollamaEmbeddings),
            new BuiltInProvider(
                LOCAL,
                EnumSet.of(Capability.EMBEDDINGS),
                "in-process",
                false,
                null,
                s -> LocalModels.embeddings(s.model()))));
  }

  /**
   * {@return providers by their names}
   *
   * @param providers the providers; names must differ
   */
  public static ModelProviders of(List<ModelProvider> providers) {
    Map<String, ModelProvider> map = new LinkedHashMap<>();
    for (ModelProvider p : providers) {
      if (map.put(p.name(), p) != null) {
        throw new IllegalArgumentException("two providers are named '" + p.name() + "'");
      }
    }
    return new ModelProviders(map);
  }

  /**
   * {@return these providers and another (which replaces one of the same name)}
   *
   * @param provider the provider to add
   */
  public ModelProviders with(ModelProvider provider) {
    Map<String, ModelProvider> map = new LinkedHashMap<>(byName);
    map.put(Objects.requireNonNull(provider, "provider").name(), provider);
    return new ModelProviders(map);
  }

  /**
   * {@return the provider of that name}
   *
   * @param name its name
   * @throws UnknownModelProviderException when there is none, listing the names there are
   */
  public ModelProvider get(String name) {
    ModelProvider p = byName.get(name);
    if (p == null) {
      throw new UnknownModelProviderException(name, byName.keySet());
    }
    return p;
  }

  /** {@return the providers' names} */
  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * {@return the names of the providers that can do something, in registration order}
   *
   * @param capability what they must be able to do
   */
  public Object[] namesWith(Capability capability) {
    return byName.values().stream()
        .filter(p -> p.capabilities().contains(capability))
        .map(ModelProvider::name)
        .toArray();
  }
}

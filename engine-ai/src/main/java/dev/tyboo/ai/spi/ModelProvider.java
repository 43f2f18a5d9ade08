package dev.tyboo.ai.spi;

import dev.tyboo.ai.ModelSettings;
import java.util.Set;

/**
 * A source of models: a vendor's API, a local server, or models in this process. Implementations
 * are registered in {@code dev.tyboo.ai.providers.ModelProviders}; every one is tested against a
 * fake of its API.
 */
public interface ModelProvider {

  /** {@return the name settings refer to it by, such as {@code openai}} */
  String name();

  /** {@return what it can do} */
  Set<Capability> capabilities();

  /**
   * {@return whether its models need an API key: the nodes then fail with a credential error when
   * they name no credential for it}
   */
  default boolean requiresApiKey() {
    return false;
  }

  /**
   * {@return a chat model}
   *
   * @param settings which model, where, with which key
   * @throws UnsupportedOperationException without {@link Capability#CHAT}
   * @throws IllegalArgumentException when the settings lack what this provider needs (a key, a base
   *     URL), naming it
   */
  ChatModel chatModel(ModelSettings settings);

  /**
   * {@return an embedding model}
   *
   * @param settings which model, where, with which key
   * @throws UnsupportedOperationException without {@link Capability#EMBEDDINGS}
   * @throws IllegalArgumentException when the settings lack what this provider needs
   */
  EmbeddingModel embeddingModel(ModelSettings settings);
}

package dev.tyboo.ai.internal;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiEmbeddingModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.ai.spi.EmbeddingModel;
import dev.tyboo.error.UnsupportedCapabilityException;

/**
 * Builds LangChain4j's provider models from {@link ModelSettings}: every one calls through {@link
 * ProviderHttpClient}, with LangChain4j's own retries off (the engine's retry policy decides, and
 * honours {@code Retry-After}).
 */
public final class LangChainModels {

  private LangChainModels() {}

  private static String what(ModelSettings s) {
    return s.provider() + " model '" + s.model() + "'";
  }

  /**
   * {@return an OpenAI (or OpenAI-compatible) chat model}
   *
   * @param s the settings; base URL and key set
   */
  public static ChatModel openAiChat(ModelSettings s) {
    return new LangChainChatModel(
        OpenAiChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .apiKey(s.apiKey())
            .modelName(s.model())
            .timeout(s.timeout())
            .maxRetries(0)
            .build(),
        OpenAiStreamingChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .apiKey(s.apiKey())
            .modelName(s.model())
            .timeout(s.timeout())
            .build(),
        what(s),
        s.timeout());
  }

  /**
   * {@return an OpenAI (or OpenAI-compatible) embedding model}
   *
   * @param s the settings; base URL and key set
   */
  public static EmbeddingModel openAiEmbeddings(ModelSettings s) {
    return new LangChainEmbeddingModel(
        OpenAiEmbeddingModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .apiKey(s.apiKey())
            .modelName(s.model())
            .timeout(s.timeout())
            .maxRetries(0)
            .build(),
        what(s));
  }

  /**
   * {@return an Anthropic chat model}
   *
   * @param s the settings; base URL and key set
   */
  public static ChatModel anthropicChat(ModelSettings s) {
    return new LangChainChatModel(
        AnthropicChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .apiKey(s.apiKey())
            .modelName(s.model())
            .timeout(s.timeout())
            .maxRetries(0)
            .build(),
        AnthropicStreamingChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .apiKey(s.apiKey())
            .modelName(s.model())
            .timeout(s.timeout())
            .build(),
        what(s),
        s.timeout());
  }

  /**
   * {@return a Gemini chat model}
   *
   * @param s the settings; base URL and key set
   */
  public static ChatModel geminiChat(ModelSettings s) {
    return new LangChainChatModel(
        GoogleAiGeminiChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .apiKey(s.apiKey())
            .modelName(s.model())
            .timeout(s.timeout())
            .maxRetries(0)
            .build(),
        GoogleAiGeminiStreamingChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .apiKey(s.apiKey())
            .modelName(s.model())
            .timeout(s.timeout())
            .build(),
        what(s),
        s.timeout());
  }

  /**
   * {@return a Gemini embedding model}
   *
   * @param s the settings; base URL and key set
   */
  public static EmbeddingModel geminiEmbeddings(ModelSettings s) {
    return new LangChainEmbeddingModel(
        GoogleAiEmbeddingModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .apiKey(s.apiKey())
            .modelName(s.model())
            .timeout(s.timeout())
            .maxRetries(0)
            .build(),
        what(s));
  }

  /**
   * {@return an Ollama chat model}
   *
   * @param s the settings; base URL set
   */
  public static ChatModel ollamaChat(ModelSettings s) {
    return new LangChainChatModel(
        OllamaChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .modelName(s.model())
            .timeout(s.timeout())
            .maxRetries(0)
            .build(),
        OllamaStreamingChatModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .modelName(s.model())
            .timeout(s.timeout())
            .build(),
        what(s),
        s.timeout());
  }

  /**
   * {@return an Ollama embedding model}
   *
   * @param s the settings; base URL set
   */
  public static EmbeddingModel ollamaEmbeddings(ModelSettings s) {
    return new LangChainEmbeddingModel(
        OllamaEmbeddingModel.builder()
            .httpClientBuilder(ProviderHttpClient.builder())
            .baseUrl(s.baseUrl())
            .modelName(s.model())
            .timeout(s.timeout())
            .maxRetries(0)
            .build(),
        what(s));
  }

  /**
   * Checks that the in-process model is on the class path.
   *
   * @throws UnsupportedCapabilityException when it is not (it comes with
   *     dev.tyboo:engine-ai-embeddings-local)
   */
  public static void requireLocalMiniLm() {
    try {
      Class.forName(
          "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel",
          false,
          LangChainModels.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UnsupportedCapabilityException(
          "the local provider's model all-minilm-l6-v2 is not on the class path: add"
              + " dev.tyboo:engine-ai-embeddings-local (it brings the model and ONNX Runtime)");
    }
  }

  /**
   * {@return all-MiniLM-L6-v2 (384 dimensions) in this process, from the jar's ONNX model}
   *
   * @throws UnsupportedCapabilityException when the model is not on the class path
   */
  public static EmbeddingModel localMiniLm() {
    requireLocalMiniLm();
    return LocalMiniLm.create();
  }
}

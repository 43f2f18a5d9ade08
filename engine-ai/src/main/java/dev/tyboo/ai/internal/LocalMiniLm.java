package dev.tyboo.ai.internal;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.tyboo.ai.spi.EmbeddingModel;

/**
 * The only class that names the optional in-process model, so that a host without it can load every
 * other class: {@link LangChainModels#localMiniLm} checks that it is there before calling.
 */
final class LocalMiniLm {

  private LocalMiniLm() {}

  static EmbeddingModel create() {
    return new LangChainEmbeddingModel(
        new AllMiniLmL6V2EmbeddingModel(), "local model 'all-minilm-l6-v2'");
  }
}

package dev.tyboo.ai.providers;

import dev.tyboo.ai.internal.LangChainModels;
import dev.tyboo.ai.spi.EmbeddingModel;

/**
 * The models of the {@code local} provider. Loading the ONNX model takes a moment and about 90 MB,
 * so it is loaded once per JVM, on first use, and shared (it is thread-safe).
 */
final class LocalModels {

  /** The one in-process embedding model. */
  static final String MINI_LM = "all-minilm-l6-v2";

  private LocalModels() {}

  /** Loaded when first asked for, by the JVM's class initialisation (once, thread-safe). */
  private static final class MiniLm {
    static final EmbeddingModel MODEL = LangChainModels.localMiniLm();
  }

  static EmbeddingModel embeddings(String model) {
    if (!MINI_LM.equalsIgnoreCase(model)) {
      throw new IllegalArgumentException(
          "the local provider has one embedding model, '" + MINI_LM + "', not '" + model + "'");
    }
    LangChainModels.requireLocalMiniLm(); // before the holder: a failed initialisation sticks
    return MiniLm.MODEL;
  }
}

package dev.tyboo.ai.spi;

import dev.tyboo.ai.EmbeddingResult;
import java.util.List;

/** One embedding model, ready to call. Thread-safe. */
public interface EmbeddingModel {

  /**
   * Embeds texts.
   *
   * @param texts the texts; at least one
   * @return one vector per text, in order
   * @throws dev.tyboo.ai.ModelCallException when the call fails
   */
  EmbeddingResult embed(List<String> texts);
}

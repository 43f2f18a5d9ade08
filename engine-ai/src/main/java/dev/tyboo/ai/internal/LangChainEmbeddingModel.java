package dev.tyboo.ai.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.tyboo.ai.EmbeddingResult;
import dev.tyboo.ai.ModelCallException;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.spi.EmbeddingModel;
import java.util.List;

/** An {@link EmbeddingModel} on a LangChain4j embedding model. */
public final class LangChainEmbeddingModel implements EmbeddingModel {

  private final dev.langchain4j.model.embedding.EmbeddingModel model;
  private final String what;

  /**
   * Creates the adapter.
   *
   * @param model the LangChain4j model
   * @param what names provider and model in error messages
   */
  public LangChainEmbeddingModel(
      dev.langchain4j.model.embedding.EmbeddingModel model, String what) {
    this.model = model;
    this.what = what;
  }

  @Override
  public EmbeddingResult embed(List<String> texts) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("nothing to embed");
    }
    Response<List<Embedding>> r;
    try {
      r = model.embedAll(texts.stream().map(TextSegment::from).toList());
    } catch (RuntimeException e) {
      throw Failures.of(e, what);
    }
    if (r == null || r.content() == null || r.content().size() != texts.size()) {
      throw new ModelCallException(
          ModelCallException.Kind.MALFORMED_RESPONSE,
          0,
          null,
          what
              + " returned "
              + (r == null || r.content() == null ? "no" : r.content().size())
              + " embeddings for "
              + texts.size()
              + " texts",
          null);
    }
    dev.langchain4j.model.output.TokenUsage u = r.tokenUsage();
    TokenUsage usage =
        u == null || u.inputTokenCount() == null
            ? TokenUsage.NONE
            : new TokenUsage(u.inputTokenCount(), 0);
    return new EmbeddingResult(r.content().stream().map(Embedding::vector).toList(), usage);
  }
}

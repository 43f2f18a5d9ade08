package dev.tyboo.ai;

import java.util.Objects;

/**
 * A vector store's answer to a query: an entry and how close it is.
 *
 * @param record the entry
 * @param score its cosine similarity to the query, -1 to 1 (higher is closer)
 */
public record VectorMatch(VectorRecord record, double score) {

  /** Validates the components. */
  public VectorMatch {
    Objects.requireNonNull(record, "record");
  }
}

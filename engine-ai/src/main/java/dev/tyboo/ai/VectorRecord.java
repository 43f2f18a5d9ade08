package dev.tyboo.ai;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of a vector store: a vector, the text it was made from, and metadata to filter on.
 *
 * @param id the entry's id in its collection; an upsert with the same id replaces it
 * @param vector the embedding (not copied: do not change it afterwards)
 * @param text the text it embeds, or empty
 * @param metadata JSON values to filter on and to cite (a source file, a page, ...)
 */
public record VectorRecord(String id, float[] vector, String text, Map<String, Object> metadata) {

  /** Validates and copies the components. */
  public VectorRecord {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a vector record needs an id");
    }
    Objects.requireNonNull(vector, "vector");
    if (vector.length == 0) {
      throw new IllegalArgumentException("vector of record '" + id + "' is empty");
    }
    text = text == null ? "" : text;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}

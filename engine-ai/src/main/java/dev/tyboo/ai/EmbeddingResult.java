package dev.tyboo.ai;

import java.util.List;
import java.util.Objects;

/**
 * Embeddings of texts, in the order the texts were given.
 *
 * @param vectors one vector per text (the arrays are the caller's to keep; do not change them)
 * @param usage the tokens the call used
 */
public record EmbeddingResult(List<float[]> vectors, TokenUsage usage) {

  /** Validates and copies the components. */
  public EmbeddingResult {
    vectors = List.copyOf(vectors);
    Objects.requireNonNull(usage, "usage");
  }

  /**
   * {@return the cosine similarity of two vectors of one model, -1 to 1}
   *
   * @param a a vector
   * @param b a vector of the same length
   */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "vectors of different lengths: " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
  }
}

package dev.tyboo.ai.vector;

import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/** Exact top-k by cosine similarity, and metadata filters, shared by the stores here. */
final class Similarity {

  private Similarity() {}

  static double cosine(float[] a, float[] b) {
    return dev.tyboo.ai.EmbeddingResult.cosine(a, b);
  }

  static boolean matches(Map<String, Object> metadata, Map<String, Object> filter) {
    for (Map.Entry<String, Object> f : filter.entrySet()) {
      Object v = metadata.get(f.getKey());
      if (v instanceof Number n && f.getValue() instanceof Number m) {
        if (n.doubleValue() != m.doubleValue()) {
          return false;
        }
      } else if (!Objects.equals(v, f.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Keeps the k best of a stream of candidates. */
  static final class TopK {
    private final int k;
    private final PriorityQueue<VectorMatch> heap =
        new PriorityQueue<>(Comparator.comparingDouble(VectorMatch::score));

    TopK(int k) {
      this.k = k;
    }

    void offer(VectorRecord r, double score) {
      if (heap.size() < k) {
        heap.add(new VectorMatch(r, score));
      } else if (score > heap.peek().score()) {
        heap.poll();
        heap.add(new VectorMatch(r, score));
      }
    }

    List<VectorMatch> best() {
      return heap.stream()
          .sorted(Comparator.comparingDouble(VectorMatch::score).reversed())
          .toList();
    }
  }

  static void checkQuery(float[] vector, int topK) {
    Objects.requireNonNull(vector, "vector");
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1, was " + topK);
    }
  }

  /** Refuses a query vector whose length is not the collection's (when it has one yet). */
  static void checkQueryDimension(float[] vector, int dimension, String collection) {
    if (dimension > 0 && dimension != vector.length) {
      throw new IllegalArgumentException(
          "query has "
              + vector.length
              + " dimensions; collection '"
              + collection
              + "' has "
              + dimension);
    }
  }

  static int dimension(List<VectorRecord> records, int existing, String collection) {
    int dim = existing;
    for (VectorRecord r : records) {
      if (dim < 0) {
        dim = r.vector().length;
      } else if (r.vector().length != dim) {
        throw new IllegalArgumentException(
            "record '"
                + r.id()
                + "' has "
                + r.vector().length
                + " dimensions; collection '"
                + collection
                + "' has "
                + dim
                + " (nothing was written)");
      }
    }
    return dim;
  }
}

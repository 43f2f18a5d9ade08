package dev.tyboo.ai.vector;

import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import dev.tyboo.ai.spi.VectorStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A vector store in this process's memory: exact cosine over every record. Thread-safe. */
public final class InMemoryVectorStore implements VectorStore {

  private final Map<String, Map<String, VectorRecord>> collections = new HashMap<>();
  private final Map<String, Integer> dimensions = new HashMap<>();

  /** Creates an empty store. */
  public InMemoryVectorStore() {}

  @Override
  public synchronized void upsert(String collection, List<VectorRecord> records) {
    Objects.requireNonNull(collection, "collection");
    int dim = Similarity.dimension(records, dimensions.getOrDefault(collection, -1), collection);
    if (records.isEmpty()) {
      return;
    }
    dimensions.put(collection, dim);
    Map<String, VectorRecord> c =
        collections.computeIfAbsent(collection, k -> new LinkedHashMap<>());
    records.forEach(r -> c.put(r.id(), r));
  }

  @Override
  public synchronized List<VectorMatch> query(
      String collection, float[] vector, int topK, Map<String, Object> filter) {
    Similarity.checkQuery(vector, topK);
    Map<String, VectorRecord> c = collections.getOrDefault(collection, Map.of());
    Similarity.checkQueryDimension(vector, dimensions.getOrDefault(collection, -1), collection);
    Similarity.TopK best = new Similarity.TopK(topK);
    for (VectorRecord r : c.values()) {
      if (Similarity.matches(r.metadata(), filter)) {
        best.offer(r, Similarity.cosine(vector, r.vector()));
      }
    }
    return best.best();
  }

  @Override
  public synchronized int delete(String collection, List<String> ids) {
    Map<String, VectorRecord> c = collections.getOrDefault(collection, new HashMap<>());
    int deleted = 0;
    for (String id : ids) {
      if (c.remove(id) != null) {
        deleted++;
      }
    }
    return deleted;
  }
}

package dev.tyboo.ai.spi;

import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import java.util.List;
import java.util.Map;

/**
 * Where embeddings are kept and searched, in named collections. Every implementation's test extends
 * the contract test {@code VectorStoreContract}.
 *
 * <p>An upsert is all or nothing: every record is checked first (one dimension per collection), and
 * a failure while writing leaves the collection as it was, or, where the store cannot promise that
 * (a remote store without transactions), throws a {@link dev.tyboo.ai.VectorStoreException} listing
 * the ids that were written. Thread-safe.
 */
public interface VectorStore {

  /**
   * Adds or replaces records.
   *
   * @param collection the collection; made on first use
   * @param records the records, all of one dimension (the collection's, once it has one)
   * @throws IllegalArgumentException when a record's dimension differs, naming it (nothing written)
   * @throws dev.tyboo.ai.VectorStoreException when the store fails
   */
  void upsert(String collection, List<VectorRecord> records);

  /**
   * {@return the {@code topK} records closest to a vector by cosine similarity, closest first,
   * among those whose metadata has every entry of {@code filter}}
   *
   * @param collection the collection; an unknown one has no records
   * @param vector the query vector
   * @param topK how many at most, from 1
   * @param filter metadata that must match exactly; empty for none
   */
  List<VectorMatch> query(String collection, float[] vector, int topK, Map<String, Object> filter);

  /**
   * Deletes records.
   *
   * @param collection the collection
   * @param ids the records' ids
   * @return how many existed
   */
  int delete(String collection, List<String> ids);
}

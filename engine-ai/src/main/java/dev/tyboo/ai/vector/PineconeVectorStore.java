package dev.tyboo.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import dev.tyboo.ai.spi.VectorStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vector store on a Pinecone index (its data-plane host; the index, with cosine metric, is made
 * in Pinecone beforehand). A collection is a namespace; the text is kept in the metadata as {@code
 * text}. Upserts go in batches of 100 vectors, Pinecone's recommendation: when a batch fails after
 * others succeeded, the {@link dev.tyboo.ai.VectorStoreException} lists the ids already written.
 */
public final class PineconeVectorStore implements VectorStore {

  /** Vectors per upsert request. */
  static final int BATCH = 100;

  private static final String TEXT = "text";

  private final HttpJson http;

  private PineconeVectorStore(HttpJson http) {
    this.http = http;
  }

  /**
   * {@return a store on a Pinecone index}
   *
   * @param indexHost the index's host URL, such as {@code https://docs-abc123.svc.pinecone.io}
   * @param apiKey the API key ({@code Api-Key} header)
   */
  public static PineconeVectorStore create(String indexHost, String apiKey) {
    return new PineconeVectorStore(
        new HttpJson(
            "Pinecone",
            indexHost,
            Map.of("Api-Key", apiKey, "X-Pinecone-API-Version", "2025-04"),
            Duration.ofSeconds(30)));
  }

  private int dimension() {
    return http.call("POST", "/describe_index_stats", Map.of()).path("dimension").asInt(-1);
  }

  @Override
  public void upsert(String namespace, List<VectorRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<String> written = new ArrayList<>();
    try {
      Similarity.dimension(records, dimension(), namespace);
      for (int from = 0; from < records.size(); from += BATCH) {
        List<VectorRecord> batch = records.subList(from, Math.min(from + BATCH, records.size()));
        List<Map<String, Object>> vectors = new ArrayList<>();
        for (VectorRecord r : batch) {
          Map<String, Object> metadata = new LinkedHashMap<>(r.metadata());
          metadata.put(TEXT, r.text());
          vectors.add(Map.of("id", r.id(), "values", r.vector(), "metadata", metadata));
        }
        http.call("POST", "/vectors/upsert", Map.of("vectors", vectors, "namespace", namespace));
        batch.forEach(r -> written.add(r.id()));
      }
    } catch (HttpJson.Failure e) {
      throw http.failure(
          "upserting "
              + records.size()
              + " records into namespace '"
              + namespace
              + "' ("
              + (written.isEmpty() ? "nothing written" : written.size() + " written")
              + ")",
          written,
          e);
    }
  }

  @Override
  public List<VectorMatch> query(
      String namespace, float[] vector, int topK, Map<String, Object> filter) {
    Similarity.checkQuery(vector, topK);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("namespace", namespace);
    body.put("vector", vector);
    body.put("topK", topK);
    body.put("includeMetadata", true);
    body.put("includeValues", true);
    if (!filter.isEmpty()) {
      Map<String, Object> where = new LinkedHashMap<>();
      filter.forEach((k, v) -> where.put(k, Map.of("$eq", v)));
      body.put("filter", where);
    }
    JsonNode r;
    try {
      Similarity.checkQueryDimension(vector, dimension(), namespace);
      r = http.call("POST", "/query", body);
    } catch (HttpJson.Failure e) {
      throw http.failure("querying namespace '" + namespace + "'", List.of(), e);
    }
    List<VectorMatch> matches = new ArrayList<>();
    for (JsonNode m : r.path("matches")) {
      Map<String, Object> metadata = new LinkedHashMap<>(HttpJson.map(m.get("metadata")));
      Object text = metadata.remove(TEXT);
      matches.add(
          new VectorMatch(
              new VectorRecord(
                  m.path("id").asText(),
                  HttpJson.floats(m.path("values")),
                  text == null ? "" : String.valueOf(text),
                  metadata),
              m.path("score").asDouble()));
    }
    return matches;
  }

  @Override
  public int delete(String namespace, List<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    try {
      StringBuilder query = new StringBuilder("/vectors/fetch?namespace=").append(enc(namespace));
      ids.forEach(id -> query.append("&ids=").append(enc(id)));
      int found = http.call("GET", query.toString(), null).path("vectors").size();
      http.call("POST", "/vectors/delete", Map.of("ids", ids, "namespace", namespace));
      return found;
    } catch (HttpJson.Failure e) {
      throw http.failure("deleting from namespace '" + namespace + "'", List.of(), e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package dev.tyboo.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import dev.tyboo.ai.spi.VectorStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vector store on Chroma's HTTP API (v2: {@code /api/v2/tenants/{tenant}/databases/{database}}).
 * A collection is a Chroma collection with cosine space ({@code hnsw:space}), made on first use;
 * records keep their text as the Chroma document and their metadata as Chroma metadata (filtered
 * with {@code $eq}, joined by {@code $and}). One upsert is one request, applied whole.
 */
public final class ChromaVectorStore implements VectorStore {

  private final HttpJson http;
  private final String prefix;

  private ChromaVectorStore(HttpJson http, String prefix) {
    this.http = http;
    this.prefix = prefix;
  }

  /**
   * {@return a store on a Chroma server, in its default tenant and database}
   *
   * @param baseUrl its address, such as {@code http://localhost:8000}
   * @param token its token ({@code x-chroma-token} header), or {@code null}
   */
  public static ChromaVectorStore create(String baseUrl, String token) {
    return create(baseUrl, token, "default_tenant", "default_database");
  }

  /**
   * {@return a store on a Chroma server}
   *
   * @param baseUrl its address
   * @param token its token, or {@code null}
   * @param tenant the tenant
   * @param database the database
   */
  public static ChromaVectorStore create(
      String baseUrl, String token, String tenant, String database) {
    return new ChromaVectorStore(
        new HttpJson(
            "Chroma",
            baseUrl,
            token == null ? Map.of() : Map.of("x-chroma-token", token),
            Duration.ofSeconds(30)),
        "/api/v2/tenants/" + tenant + "/databases/" + database + "/collections");
  }

  /** The collection's id and dimension (-1 when it has no records yet). */
  private record Collection(String id, int dimension) {}

  private Collection collection(String name) {
    JsonNode c =
        http.call(
            "POST",
            prefix,
            Map.of(
                "name", name, "get_or_create", true, "metadata", Map.of("hnsw:space", "cosine")));
    JsonNode dim = c.path("dimension");
    return new Collection(c.path("id").asText(), dim.isInt() ? dim.asInt() : -1);
  }

  @Override
  public void upsert(String name, List<VectorRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    try {
      Collection c = collection(name);
      Similarity.dimension(records, c.dimension(), name);
      List<String> ids = new ArrayList<>();
      List<float[]> embeddings = new ArrayList<>();
      List<String> documents = new ArrayList<>();
      List<Map<String, Object>> metadatas = new ArrayList<>();
      for (VectorRecord r : records) {
        ids.add(r.id());
        embeddings.add(r.vector());
        documents.add(r.text());
        metadatas.add(r.metadata().isEmpty() ? null : r.metadata());
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("ids", ids);
      body.put("embeddings", embeddings);
      body.put("documents", documents);
      body.put("metadatas", metadatas);
      http.call("POST", prefix + "/" + c.id() + "/upsert", body);
    } catch (HttpJson.Failure e) {
      throw http.failure(
          "upserting " + records.size() + " records into '" + name + "' (nothing written)",
          List.of(),
          e);
    }
  }

  @Override
  public List<VectorMatch> query(
      String name, float[] vector, int topK, Map<String, Object> filter) {
    Similarity.checkQuery(vector, topK);
    JsonNode r;
    try {
      Collection c = collection(name);
      Similarity.checkQueryDimension(vector, c.dimension(), name);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("query_embeddings", List.of(vector));
      body.put("n_results", topK);
      body.put("include", List.of("documents", "metadatas", "distances", "embeddings"));
      if (filter.size() == 1) {
        Map.Entry<String, Object> e = filter.entrySet().iterator().next();
        body.put("where", Map.of(e.getKey(), Map.of("$eq", e.getValue())));
      } else if (filter.size() > 1) {
        List<Map<String, Object>> all = new ArrayList<>();
        filter.forEach((k, v) -> all.add(Map.of(k, Map.of("$eq", v))));
        body.put("where", Map.of("$and", all));
      }
      r = http.call("POST", prefix + "/" + c.id() + "/query", body);
    } catch (HttpJson.Failure e) {
      throw http.failure("querying '" + name + "'", List.of(), e);
    }
    List<VectorMatch> matches = new ArrayList<>();
    JsonNode ids = r.path("ids").path(0);
    for (int i = 0; i < ids.size(); i++) {
      matches.add(
          new VectorMatch(
              new VectorRecord(
                  ids.get(i).asText(),
                  HttpJson.floats(r.path("embeddings").path(0).path(i)),
                  r.path("documents").path(0).path(i).asText(""),
                  HttpJson.map(r.path("metadatas").path(0).path(i))),
              1 - r.path("distances").path(0).path(i).asDouble()));
    }
    return matches;
  }

  @Override
  public int delete(String name, List<String> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    try {
      Collection c = collection(name);
      JsonNode found =
          http.call(
              "POST", prefix + "/" + c.id() + "/get", Map.of("ids", ids, "include", List.of()));
      http.call("POST", prefix + "/" + c.id() + "/delete", Map.of("ids", ids));
      return found.path("ids").size();
    } catch (HttpJson.Failure e) {
      throw http.failure("deleting from '" + name + "'", List.of(), e);
    }
  }
}

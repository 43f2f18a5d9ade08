package dev.tyboo.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tyboo.ai.VectorMatch;
import dev.tyboo.ai.VectorRecord;
import dev.tyboo.ai.spi.VectorStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A vector store on Qdrant's REST API. A collection is a Qdrant collection (cosine distance), made
 * on first upsert with the records' dimension. Qdrant point ids must be UUIDs or integers, so each
 * record's id becomes a name-based UUID and is kept in the payload ({@code id}) with the text
 * ({@code text}) and metadata ({@code metadata}, filtered as {@code metadata.<key>}). One upsert is
 * one request ({@code wait=true}): Qdrant applies it whole or not at all.
 */
public final class QdrantVectorStore implements VectorStore {

  private final HttpJson http;

  private QdrantVectorStore(HttpJson http) {
    this.http = http;
  }

  /**
   * {@return a store on a Qdrant server}
   *
   * @param baseUrl its REST address, such as {@code http://localhost:6333}
   * @param apiKey its API key ({@code api-key} header), or {@code null}
   */
  public static QdrantVectorStore create(String baseUrl, String apiKey) {
    return new QdrantVectorStore(
        new HttpJson(
            "Qdrant",
            baseUrl,
            apiKey == null ? Map.of() : Map.of("api-key", apiKey),
            Duration.ofSeconds(30)));
  }

  static String pointId(String id) {
    return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private int dimension(String collection) {
    try {
      JsonNode info = http.call("GET", "/collections/" + collection, null);
      return info.at("/result/config/params/vectors/size").asInt(-1);
    } catch (HttpJson.Failure e) {
      if (e.status == 404) {
        return -1;
      }
      throw e;
    }
  }

  @Override
  public void upsert(String collection, List<VectorRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    try {
      int existing = dimension(collection);
      int dim = Similarity.dimension(records, existing, collection);
      if (existing < 0) {
        http.call(
            "PUT",
            "/collections/" + collection,
            Map.of("vectors", Map.of("size", dim, "distance", "Cosine")));
      }
      List<Map<String, Object>> points = new ArrayList<>();
      for (VectorRecord r : records) {
        points.add(
            Map.of(
                "id",
                pointId(r.id()),
                "vector",
                r.vector(),
                "payload",
                Map.of("id", r.id(), "text", r.text(), "metadata", r.metadata())));
      }
      http.call(
          "PUT", "/collections/" + collection + "/points?wait=true", Map.of("points", points));
    } catch (HttpJson.Failure e) {
      throw http.failure(
          "upserting " + records.size() + " records into '" + collection + "' (nothing written)",
          List.of(),
          e);
    }
  }

  @Override
  public List<VectorMatch> query(
      String collection, float[] vector, int topK, Map<String, Object> filter) {
    Similarity.checkQuery(vector, topK);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("vector", vector);
    body.put("limit", topK);
    body.put("with_payload", true);
    body.put("with_vector", true);
    if (!filter.isEmpty()) {
      List<Map<String, Object>> must = new ArrayList<>();
      filter.forEach(
          (k, v) -> must.add(Map.of("key", "metadata." + k, "match", Map.of("value", v))));
      body.put("filter", Map.of("must", must));
    }
    JsonNode result;
    try {
      int dim = dimension(collection);
      if (dim < 0) {
        return List.of();
      }
      Similarity.checkQueryDimension(vector, dim, collection);
      result = http.call("POST", "/collections/" + collection + "/points/search", body);
    } catch (HttpJson.Failure e) {
      throw http.failure("querying '" + collection + "'", List.of(), e);
    }
    List<VectorMatch> matches = new ArrayList<>();
    for (JsonNode point : result.path("result")) {
      JsonNode payload = point.path("payload");
      matches.add(
          new VectorMatch(
              new VectorRecord(
                  payload.path("id").asText(),
                  HttpJson.floats(point.path("vector")),
                  payload.path("text").asText(""),
                  HttpJson.map(payload.get("metadata"))),
              point.path("score").asDouble()));
    }
    return matches;
  }

  @Override
  public int delete(String collection, List<String> ids) {
    if (ids.isEmpty() || dimension(collection) < 0) {
      return 0;
    }
    List<String> points = ids.stream().map(QdrantVectorStore::pointId).toList();
    try {
      JsonNode found =
          http.call(
              "POST",
              "/collections/" + collection + "/points",
              Map.of("ids", points, "with_payload", false));
      http.call(
          "POST",
          "/collections/" + collection + "/points/delete?wait=true",
          Map.of("points", points));
      return found.path("result").size();
    } catch (HttpJson.Failure e) {
      throw http.failure("deleting from '" + collection + "'", List.of(), e);
    }
  }
}

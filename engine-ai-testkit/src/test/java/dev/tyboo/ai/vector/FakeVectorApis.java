package dev.tyboo.ai.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tyboo.ai.EmbeddingResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for three vector databases' HTTP APIs, at the paths and with the shapes their
 * documentation gives, each searching by exact cosine over what it was sent:
 *
 * <ul>
 *   <li>Qdrant: {@code GET/PUT /collections/{c}}, {@code PUT /collections/{c}/points?wait=true},
 *       {@code POST .../points/search}, {@code POST .../points} (retrieve), {@code POST
 *       .../points/delete}; point ids must be UUIDs or integers; filters {@code must[].key/match}.
 *   <li>Chroma v2: {@code POST /api/v2/tenants/{t}/databases/{d}/collections} ({@code
 *       get_or_create}), {@code .../collections/{id}/upsert|query|get|delete}; {@code where} with
 *       {@code $eq} and {@code $and}; cosine distances.
 *   <li>Pinecone: {@code POST /describe_index_stats}, {@code /vectors/upsert}, {@code /query},
 *       {@code /vectors/delete}, {@code GET /vectors/fetch}; {@code Api-Key} header; filters {@code
 *       {"k": {"$eq": v}}}; at most 1000 vectors per upsert.
 * </ul>
 *
 * Requests that break the contract get 400 and are recorded in {@link #violations}.
 */
final class FakeVectorApis implements AutoCloseable {

  static final String KEY = "vector-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UUID_FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** One stored vector with its payload. */
  private record Entry(float[] vector, ObjectNode payload) {}

  private final HttpServer server;
  final List<String> violations = new CopyOnWriteArrayList<>();

  /** The Pinecone upsert that fails with 500 (counting from 1), or 0 for none. */
  final AtomicInteger failPineconeUpsert = new AtomicInteger();

  private final AtomicInteger pineconeUpserts = new AtomicInteger();
  private final Map<String, Map<String, Entry>> data = new LinkedHashMap<>();
  private final Map<String, Integer> dims = new LinkedHashMap<>();
  private final Map<String, String> chromaIds = new LinkedHashMap<>();

  FakeVectorApis() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
      Matcher m;
      if ((m = Pattern.compile("/collections/([^/]+)(/points.*)?").matcher(path)).matches()) {
        qdrant(ex, method, m.group(1), m.group(2) == null ? "" : m.group(2), body);
      } else if (path.startsWith("/api/v2/tenants/")) {
        chroma(ex, path, body);
      } else {
        pinecone(ex, method, path, body);
      }
    } catch (RuntimeException e) {
      violations.add(e.toString());
      send(ex, 400, JSON.createObjectNode().put("error", e.getMessage()));
    }
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void bad(String why) {
    throw new IllegalArgumentException(why);
  }

  private static float[] floats(JsonNode a) {
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) a.get(i).asDouble();
    }
    return v;
  }

  private static boolean same(JsonNode actual, JsonNode expected) {
    if (actual == null || actual.isMissingNode()) {
      return false;
    }
    return actual.isNumber() && expected.isNumber()
        ? actual.asDouble() == expected.asDouble()
        : actual.equals(expected);
  }

  private List<Map.Entry<String, Entry>> nearest(
      String key, float[] q, int k, java.util.function.Predicate<ObjectNode> keep) {
    List<Map.Entry<String, Entry>> all = new ArrayList<>();
    for (Map.Entry<String, Entry> e : data.getOrDefault(key, Map.of()).entrySet()) {
      if (keep.test(e.getValue().payload())) {
        all.add(e);
      }
    }
    all.sort(
        Comparator.comparingDouble(
                (Map.Entry<String, Entry> e) -> EmbeddingResult.cosine(q, e.getValue().vector()))
            .reversed());
    return all.subList(0, Math.min(k, all.size()));
  }

  // ------------------------------------------------------------------ Qdrant

  private void qdrant(HttpExchange ex, String method, String c, String rest, JsonNode body)
      throws IOException {
    String key = "qdrant:" + c;
    ObjectNode ok = JSON.createObjectNode().put("status", "ok").put("time", 0.001);
    if (rest.isEmpty() && method.equals("GET")) {
      if (!dims.containsKey(key)) {
        send(
            ex,
            404,
            JSON.createObjectNode()
                .put("status", "Not found: Collection `" + c + "` doesn't exist!"));
        return;
      }
      ok.putObject("result")
          .putObject("config")
          .putObject("params")
          .putObject("vectors")
          .put("size", dims.get(key))
          .put("distance", "Cosine");
      send(ex, 200, ok);
    } else if (rest.isEmpty() && method.equals("PUT")) {
      if (!body.at("/vectors/size").isInt()
          || !"Cosine".equals(body.at("/vectors/distance").asText())) {
        bad("a collection needs vectors.size and vectors.distance");
      }
      dims.put(key, body.at("/vectors/size").asInt());
      data.put(key, new LinkedHashMap<>());
      send(ex, 200, ok.put("result", true));
    } else if (rest.startsWith("/points") && !dims.containsKey(key)) {
      send(
          ex,
          404,
          JSON.createObjectNode()
              .put("status", "Not found: Collection `" + c + "` doesn't exist!"));
    } else if (rest.equals("/points") && method.equals("PUT")) {
      for (JsonNode p : body.path("points")) {
        if (!UUID_FORM.matcher(p.path("id").asText()).matches()
            && !p.path("id").isIntegralNumber()) {
          bad("point ids are unsigned integers or UUIDs, not '" + p.path("id").asText() + "'");
        }
        if (p.path("vector").size() != dims.get(key)) {
          bad("Wrong input: Vector dimension error: expected dim: " + dims.get(key));
        }
      }
      for (JsonNode p : body.path("points")) {
        data.get(key)
            .put(
                p.path("id").asText(),
                new Entry(floats(p.path("vector")), (ObjectNode) p.path("payload")));
      }
      ok.putObject("result").put("operation_id", 1).put("status", "completed");
      send(ex, 200, ok);
    } else if (rest.equals("/points/search")) {
      List<String[]> must = new ArrayList<>();
      for (JsonNode cond : body.at("/filter/must")) {
        must.add(new String[] {cond.path("key").asText(), cond.at("/match/value").toString()});
      }
      ArrayNode result = ok.putArray("result");
      for (Map.Entry<String, Entry> e :
          nearest(
              key,
              floats(body.path("vector")),
              body.path("limit").asInt(10),
              payload -> {
                for (String[] cond : must) {
                  JsonNode v = payload.at("/" + cond[0].replace('.', '/'));
                  try {
                    if (!same(v, JSON.readTree(cond[1]))) {
                      return false;
                    }
                  } catch (IOException err) {
                    return false;
                  }
                }
                return true;
              })) {
        ObjectNode point = result.addObject();
        point
            .put("id", e.getKey())
            .put("version", 1)
            .put(
                "score",
                EmbeddingResult.cosine(floats(body.path("vector")), e.getValue().vector()));
        point.set("payload", e.getValue().payload());
        ArrayNode v = point.putArray("vector");
        for (float f : e.getValue().vector()) {
          v.add(f);
        }
      }
      send(ex, 200, ok);
    } else if (rest.equals("/points") && method.equals("POST")) {
      ArrayNode result = ok.putArray("result");
      for (JsonNode id : body.path("ids")) {
        if (data.get(key).containsKey(id.asText())) {
          result.addObject().put("id", id.asText());
        }
      }
      send(ex, 200, ok);
    } else if (rest.equals("/points/delete")) {
      body.path("points").forEach(id -> data.get(key).remove(id.asText()));
      ok.putObject("result").put("operation_id", 2).put("status", "completed");
      send(ex, 200, ok);
    } else {
      bad("no Qdrant endpoint " + method + " " + rest);
    }
  }

  // ------------------------------------------------------------------ Chroma

  private void chroma(HttpExchange ex, String path, JsonNode body) throws IOException {
    Matcher m =
        Pattern.compile("/api/v2/tenants/([^/]+)/databases/([^/]+)/collections(?:/([^/]+)/(\\w+))?")
            .matcher(path);
    if (!m.matches()) {
      bad("no Chroma endpoint " + path);
    }
    if (m.group(3) == null) {
      if (!body.path("name").isTextual() || !body.path("get_or_create").asBoolean(false)) {
        bad("creating a collection needs a name (and get_or_create to reuse one)");
      }
      String name = body.path("name").asText();
      String id = chromaIds.computeIfAbsent(name, n -> UUID.randomUUID().toString());
      String key = "chroma:" + id;
      data.computeIfAbsent(key, k -> new LinkedHashMap<>());
      ObjectNode c = JSON.createObjectNode().put("id", id).put("name", name);
      if (dims.containsKey(key)) {
        c.put("dimension", dims.get(key));
      } else {
        c.putNull("dimension");
      }
      c.putObject("metadata").put("hnsw:space", "cosine");
      send(ex, 200, c);
      return;
    }
    String key = "chroma:" + m.group(3);
    if (!data.containsKey(key)) {
      send(ex, 404, JSON.createObjectNode().put("error", "NotFoundError"));
      return;
    }
    switch (m.group(4)) {
      case "upsert" -> {
        JsonNode ids = body.path("ids");
        JsonNode embeddings = body.path("embeddings");
        if (ids.size() != embeddings.size() || ids.size() != body.path("documents").size()) {
          bad("ids, embeddings and documents must have the same length");
        }
        for (JsonNode e : embeddings) {
          if (dims.containsKey(key) && e.size() != dims.get(key)) {
            bad(
                "Collection expecting embedding with dimension of "
                    + dims.get(key)
                    + ", got "
                    + e.size());
          }
        }
        dims.putIfAbsent(key, embeddings.get(0).size());
        for (int i = 0; i < ids.size(); i++) {
          ObjectNode payload = JSON.createObjectNode();
          payload.set("document", body.path("documents").get(i));
          payload.set("metadata", body.path("metadatas").path(i));
          data.get(key).put(ids.get(i).asText(), new Entry(floats(embeddings.get(i)), payload));
        }
        send(ex, 200, JSON.createObjectNode());
      }
      case "query" -> {
        float[] q = floats(body.at("/query_embeddings/0"));
        JsonNode where = body.path("where");
        List<JsonNode> conditions = new ArrayList<>();
        if (where.has("$and")) {
          where.get("$and").forEach(conditions::add);
        } else if (!where.isMissingNode()) {
          conditions.add(where);
        }
        ObjectNode r = JSON.createObjectNode();
        ArrayNode ids = r.putArray("ids").addArray();
        ArrayNode distances = r.putArray("distances").addArray();
        ArrayNode documents = r.putArray("documents").addArray();
        ArrayNode metadatas = r.putArray("metadatas").addArray();
        ArrayNode embeddings = r.putArray("embeddings").addArray();
        for (Map.Entry<String, Entry> e :
            nearest(
                key,
                q,
                body.path("n_results").asInt(10),
                payload -> {
                  for (JsonNode cond : conditions) {
                    Iterator<Map.Entry<String, JsonNode>> f = cond.fields();
                    Map.Entry<String, JsonNode> c = f.next();
                    if (!c.getValue().has("$eq")) {
                      bad("only $eq is faked");
                    }
                    if (!same(payload.path("metadata").path(c.getKey()), c.getValue().get("$eq"))) {
                      return false;
                    }
                  }
                  return true;
                })) {
          ids.add(e.getKey());
          distances.add(1 - EmbeddingResult.cosine(q, e.getValue().vector()));
          documents.add(e.getValue().payload().path("document"));
          metadatas.add(e.getValue().payload().path("metadata"));
          ArrayNode v = embeddings.addArray();
          for (float x : e.getValue().vector()) {
            v.add(x);
          }
        }
        send(ex, 200, r);
      }
      case "get" -> {
        ObjectNode r = JSON.createObjectNode();
        ArrayNode ids = r.putArray("ids");
        body.path("ids")
            .forEach(
                id -> {
                  if (data.get(key).containsKey(id.asText())) {
                    ids.add(id.asText());
                  }
                });
        send(ex, 200, r);
      }
      case "delete" -> {
        body.path("ids").forEach(id -> data.get(key).remove(id.asText()));
        send(ex, 200, JSON.createObjectNode());
      }
      default -> bad("no Chroma action " + m.group(4));
    }
  }

  // ------------------------------------------------------------------ Pinecone

  private void pinecone(HttpExchange ex, String method, String path, JsonNode body)
      throws IOException {
    if (!KEY.equals(ex.getRequestHeaders().getFirst("Api-Key"))) {
      bad("Pinecone needs the 'Api-Key' header");
    }
    switch (method + " " + path) {
      case "POST /describe_index_stats" -> {
        ObjectNode r = JSON.createObjectNode().put("dimension", dims.getOrDefault("pinecone", 3));
        r.putObject("namespaces");
        send(ex, 200, r);
      }
      case "POST /vectors/upsert" -> {
        if (pineconeUpserts.incrementAndGet() == failPineconeUpsert.get()) {
          send(ex, 500, JSON.createObjectNode().put("code", 13).put("message", "internal error"));
          return;
        }
        String ns = "pinecone:" + body.path("namespace").asText("");
        JsonNode vectors = body.path("vectors");
        if (vectors.size() == 0 || vectors.size() > 1000) {
          bad("upsert 1 to 1000 vectors");
        }
        for (JsonNode v : vectors) {
          if (!v.path("id").isTextual() || v.path("values").size() != 3) {
            bad("each vector needs an id and values of the index's dimension (3)");
          }
        }
        data.computeIfAbsent(ns, k -> new LinkedHashMap<>());
        for (JsonNode v : vectors) {
          ObjectNode payload = JSON.createObjectNode();
          payload.set("metadata", v.path("metadata"));
          data.get(ns).put(v.get("id").asText(), new Entry(floats(v.get("values")), payload));
        }
        send(ex, 200, JSON.createObjectNode().put("upsertedCount", vectors.size()));
      }
      case "POST /query" -> {
        String ns = "pinecone:" + body.path("namespace").asText("");
        float[] q = floats(body.path("vector"));
        JsonNode filter = body.path("filter");
        ObjectNode r = JSON.createObjectNode().put("namespace", body.path("namespace").asText(""));
        ArrayNode matches = r.putArray("matches");
        for (Map.Entry<String, Entry> e :
            nearest(
                ns,
                q,
                body.path("topK").asInt(10),
                payload -> {
                  Iterator<Map.Entry<String, JsonNode>> f = filter.fields();
                  while (f.hasNext()) {
                    Map.Entry<String, JsonNode> c = f.next();
                    if (!same(payload.path("metadata").path(c.getKey()), c.getValue().get("$eq"))) {
                      return false;
                    }
                  }
                  return true;
                })) {
          ObjectNode match =
              matches
                  .addObject()
                  .put("id", e.getKey())
                  .put("score", EmbeddingResult.cosine(q, e.getValue().vector()));
          ArrayNode values = match.putArray("values");
          for (float x : e.getValue().vector()) {
            values.add(x);
          }
          match.set("metadata", e.getValue().payload().path("metadata"));
        }
        send(ex, 200, r);
      }
      case "POST /vectors/delete" -> {
        String ns = "pinecone:" + body.path("namespace").asText("");
        body.path("ids")
            .forEach(id -> data.getOrDefault(ns, new LinkedHashMap<>()).remove(id.asText()));
        send(ex, 200, JSON.createObjectNode());
      }
      case "GET /vectors/fetch" -> {
        String query = Objects.requireNonNullElse(ex.getRequestURI().getRawQuery(), "");
        String ns = "pinecone:";
        List<String> ids = new ArrayList<>();
        for (String kv : query.split("&")) {
          String[] p = kv.split("=", 2);
          String v = URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8);
          if (p[0].equals("namespace")) {
            ns = "pinecone:" + v;
          } else if (p[0].equals("ids")) {
            ids.add(v);
          }
        }
        ObjectNode r = JSON.createObjectNode();
        ObjectNode vectors = r.putObject("vectors");
        for (String id : ids) {
          if (data.getOrDefault(ns, Map.of()).containsKey(id)) {
            vectors.putObject(id).put("id", id);
          }
        }
        send(ex, 200, r);
      }
      default -> bad("no Pinecone endpoint " + method + " " + path);
    }
  }
}

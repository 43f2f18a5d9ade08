package dev.tyboo.nodes.storage.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.workflow.NodeDefinition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * MongoDB documents (JSON type {@code mongoDb}) with a {@code mongoDb} credential ({@code
 * connectionString}, {@code mongodb://user:password@host:27017/?authSource=admin}, and {@code
 * database}), one client per node call:
 *
 * <ul>
 *   <li>{@code find}: the documents of {@code collection} matching {@code filter}, with {@code
 *       projection}, {@code sort}, {@code skip} and {@code limit} (1000, at most 100,000);
 *   <li>{@code insert}: each item's JSON (or {@code document}) as a document, in one ordered
 *       request; with {@code deduplicate}, a document without {@code _id} gets the node call's
 *       idempotency key and its index as {@code _id}, so a node re-run after a crash inserts
 *       nothing twice (the duplicates are skipped, not failed); emits each document with its id;
 *   <li>{@code update}: {@code update} (an update document, {@code {"$set": ...}}) applied to the
 *       first document (or {@code many}) matching {@code filter}, {@code upsert} optional; emits
 *       {@code {matched, modified, upsertedId}};
 *   <li>{@code delete}: the first document (or {@code many}) matching {@code filter}; emits {@code
 *       {deleted}};
 *   <li>{@code aggregate}: the documents an aggregation {@code pipeline} gives, at most {@code
 *       limit}.
 * </ul>
 *
 * <p>Filters, updates and pipelines are JSON (MongoDB extended JSON, so {@code {"_id": {"$oid":
 * "..."}}} works) and parameters, never text spliced into a query. Documents come out as plain
 * JSON: ObjectIds as hex strings, dates as ISO-8601, decimals as numbers, binary as Base64. A
 * refused login fails without retry, a server that cannot be reached retryably, anything MongoDB
 * refuses without retry with its message.
 */
public final class MongoDb {

  /** The JSON type name. */
  public static final String TYPE = "mongoDb";

  /** The most documents a find or aggregate emits. */
  static final int MAX_LIMIT = 100_000;

  /** What the node does. */
  enum Operation {
    find,
    insert,
    update,
    delete,
    aggregate
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param collection the collection
   * @param filter the documents a find, update or delete concerns
   * @param projection the fields a find returns
   * @param sort a find's order
   * @param skip documents a find skips
   * @param limit the most documents a find or aggregate emits
   * @param document an inserted document; by default the item's JSON
   * @param deduplicate whether inserts take their {@code _id} from the idempotency key
   * @param update an update document
   * @param upsert whether an update inserts when nothing matches
   * @param many whether an update or delete concerns every match
   * @param pipeline an aggregation pipeline
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String collection,
      Object filter,
      Object projection,
      Object sort,
      @Param(defaultValue = "0") int skip,
      @Param(defaultValue = "1000") int limit,
      Object document,
      @Param(defaultValue = "false") boolean deduplicate,
      @RequiredWhen(parameter = "operation", is = "update") Object update,
      @Param(defaultValue = "false") boolean upsert,
      @Param(defaultValue = "false") boolean many,
      @RequiredWhen(parameter = "operation", is = "aggregate") List<Object> pipeline) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("MongoDB")
              .description("Finds, inserts, updates, deletes and aggregates MongoDB documents")
              .credentialType("mongoDb")
              .parameters(Parameters.class)
              .build(),
          MongoDb::execute);

  private MongoDb() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that finds documents}
   *
   * @param collection the collection
   * @param filter the filter as JSON, e.g. {@code {"status": "open"}}; may hold expressions
   */
  public static NodeDefinition find(String collection, Map<String, Object> filter) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "find",
            "collection", Objects.requireNonNull(collection, "collection"),
            "filter", Objects.requireNonNull(filter, "filter")));
  }

  private static NodeResult execute(NodeContext ctx) {
    if (ctx.input().isEmpty()) {
      return NodeResult.of(List.of());
    }
    Map<String, Object> credential = ctx.credential("mongoDb");
    if (!(credential.get("connectionString") instanceof String url) || url.isBlank()) {
      throw NodeFailure.of("mongoDb credential needs a 'connectionString'");
    }
    if (!(credential.get("database") instanceof String database) || database.isBlank()) {
      throw NodeFailure.of("mongoDb credential needs a 'database'");
    }
    ConnectionString connection;
    try {
      connection = new ConnectionString(url);
    } catch (IllegalArgumentException e) {
      throw NodeFailure.of("the mongoDb credential's connectionString is malformed");
    }
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
            .applyToSocketSettings(
                b -> b.connectTimeout(10, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS))
            .applyConnectionString(connection) // its own timeouts, when it has some, win
            .build();
    List<Item> out = new ArrayList<>();
    int i = 0;
    try (MongoClient client = MongoClients.create(settings)) {
      List<Integer> inserts = new ArrayList<>();
      Parameters insertParameters = null;
      for (; i < ctx.input().size(); i++) {
        Parameters p = ctx.parameters(i, Parameters.class);
        if (p.operation() == Operation.insert) {
          if (insertParameters != null && !insertParameters.collection().equals(p.collection())) {
            int at = i;
            i = inserts.getFirst(); // a failing batch is reported at its first item
            insert(ctx, client.getDatabase(database), insertParameters, inserts, out);
            i = at;
            inserts.clear();
          }
          inserts.add(i);
          insertParameters = p;
          continue;
        }
        MongoCollection<Document> collection =
            client.getDatabase(database).getCollection(p.collection());
        switch (p.operation()) {
          case find -> find(collection, p, i, out);
          case update -> {
            UpdateOptions options = new UpdateOptions().upsert(p.upsert());
            Document filter = document("filter", p.filter(), i);
            Document update = document("update", p.update(), i);
            UpdateResult r =
                p.many()
                    ? collection.updateMany(filter, update, options)
                    : collection.updateOne(filter, update, options);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("matched", r.getMatchedCount());
            json.put("modified", r.getModifiedCount());
            json.put("upsertedId", r.getUpsertedId() == null ? null : plain(r.getUpsertedId()));
            out.add(Item.of(json));
          }
          case delete -> {
            Document filter = document("filter", p.filter(), i);
            DeleteResult r =
                p.many() ? collection.deleteMany(filter) : collection.deleteOne(filter);
            out.add(Item.of(Map.of("deleted", r.getDeletedCount())));
          }
          case aggregate -> {
            List<Document> stages = new ArrayList<>();
            for (int s = 0; s < p.pipeline().size(); s++) {
              stages.add(document("pipeline[" + s + "]", p.pipeline().get(s), i));
            }
            int limit = limit(p, i);
            for (Document d : collection.aggregate(stages)) {
              if (out.size() >= limit) {
                break;
              }
              out.add(Item.of(plainDocument(d)));
            }
          }
          default -> throw new IllegalStateException();
        }
      }
      if (!inserts.isEmpty()) {
        i = inserts.getFirst();
        insert(ctx, client.getDatabase(database), insertParameters, inserts, out);
      }
    } catch (MongoSecurityException e) {
      throw NodeFailure.of("MongoDB refused the credential's login");
    } catch (MongoTimeoutException | MongoSocketException e) {
      throw new RetryableNodeException("MongoDB cannot be reached: " + e.getMessage(), i, null, e);
    } catch (MongoException e) {
      throw new NonRetryableNodeException(
          "MongoDB refused the request: " + e.getMessage(), i, null);
    }
    return NodeResult.of(out);
  }

  private static void find(
      MongoCollection<Document> collection, Parameters p, int i, List<Item> out) {
    var find =
        collection
            .find(document("filter", p.filter(), i))
            .skip(Math.max(0, p.skip()))
            .limit(limit(p, i));
    if (p.projection() != null) {
      find = find.projection(document("projection", p.projection(), i));
    }
    if (p.sort() != null) {
      find = find.sort(document("sort", p.sort(), i));
    }
    for (Document d : find) {
      out.add(Item.of(plainDocument(d)));
    }
  }

  private static void insert(
      NodeContext ctx,
      com.mongodb.client.MongoDatabase database,
      Parameters p,
      List<Integer> items,
      List<Item> out) {
    List<Document> documents = new ArrayList<>();
    for (int i : items) {
      Parameters item = ctx.parameters(i, Parameters.class);
      Document d =
          item.document() != null
              ? document("document", item.document(), i)
              : document("document", ctx.input().get(i).json(), i);
      if (p.deduplicate() && !d.containsKey("_id")) {
        d.put("_id", ctx.idempotencyKey() + "/" + i);
      }
      documents.add(d);
    }
    try {
      database
          .getCollection(p.collection())
          .insertMany(documents, new InsertManyOptions().ordered(!p.deduplicate()));
    } catch (MongoBulkWriteException e) {
      boolean onlyDuplicates =
          p.deduplicate() && e.getWriteErrors().stream().allMatch(w -> w.getCode() == 11000);
      if (!onlyDuplicates) {
        throw e;
      }
    }
    documents.forEach(d -> out.add(Item.of(plainDocument(d))));
  }

  private static int limit(Parameters p, int i) {
    if (p.limit() < 1 || p.limit() > MAX_LIMIT) {
      throw NodeFailure.badParameter("limit", i, "must be 1 to " + MAX_LIMIT, p.limit());
    }
    return p.limit();
  }

  /** A parameter as a BSON document, read as extended JSON; {@code null} gives {@code {}}. */
  static Document document(String field, Object value, int item) {
    if (value == null) {
      return new Document();
    }
    try {
      String json = value instanceof String s ? s : JSON.writeValueAsString(value);
      return Document.parse(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException
        | org.bson.json.JsonParseException e) {
      throw NodeFailure.badParameter(field, item, "must be a JSON object", null);
    } catch (RuntimeException e) {
      throw NodeFailure.badParameter(field, item, "must be a JSON object: " + e.getMessage(), null);
    }
  }

  /** A document as plain JSON values. */
  static Map<String, Object> plainDocument(Document d) {
    Map<String, Object> json = new LinkedHashMap<>();
    d.forEach((k, v) -> json.put(k, plain(v)));
    return json;
  }

  private static Object plain(Object v) {
    if (v instanceof Document d) {
      return plainDocument(d);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(MongoDb::plain).toList();
    }
    if (v instanceof ObjectId id) {
      return id.toHexString();
    }
    if (v instanceof Date date) {
      return date.toInstant().toString();
    }
    if (v instanceof Decimal128 d) {
      return d.bigDecimalValue();
    }
    if (v instanceof Binary b) {
      return Base64.getEncoder().encodeToString(b.getData());
    }
    if (v instanceof org.bson.BsonValue b) {
      return plainBson(b);
    }
    return v;
  }

  private static Object plainBson(org.bson.BsonValue b) {
    return switch (b.getBsonType()) {
      case OBJECT_ID -> b.asObjectId().getValue().toHexString();
      case STRING -> b.asString().getValue();
      case INT32 -> b.asInt32().getValue();
      case INT64 -> b.asInt64().getValue();
      case DOUBLE -> b.asDouble().getValue();
      default -> b.toString();
    };
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

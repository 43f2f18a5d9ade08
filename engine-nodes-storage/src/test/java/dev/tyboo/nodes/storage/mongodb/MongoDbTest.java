package dev.tyboo.nodes.storage.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB node, through the real MongoDB Java driver, against mongo-java-server: a server of
 * the MongoDB wire protocol in the test JVM (no MongoDB server can be installed here).
 */
@SuppressWarnings("unchecked")
class MongoDbTest {

  private MongoServer server;
  private Engine engine;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    InetSocketAddress address = server.bind();
    engine =
        Engine.builder()
            .nodeType(MongoDb.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put(
                        "mongoDb",
                        "db",
                        Map.of(
                            "connectionString",
                            "mongodb://127.0.0.1:" + address.getPort(),
                            "database",
                            "shop"))
                    .put(
                        "mongoDb",
                        "down",
                        Map.of(
                            "connectionString",
                            "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=500&connectTimeoutMS=500",
                            "database",
                            "shop")))
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    engine.close();
    server.shutdownNow();
  }

  private Execution run(String credential, Map<String, Object> parameters, List<Item> items) {
    Execution e =
        engine.start(
            Workflow.named("mongo")
                .node(
                    "mongo",
                    NodeDefinition.of(MongoDb.type(), parameters),
                    o -> o.credential("mongoDb", credential))
                .build(),
            items);
    e.await(Duration.ofSeconds(30));
    return e;
  }

  private Execution run(Map<String, Object> parameters) {
    return run("db", parameters, List.of(Item.empty()));
  }

  private static final List<Item> ORDERS =
      Item.listOf(
          Map.of("sku", "A1", "qty", 3, "status", "open"),
          Map.of("sku", "B2", "qty", 1, "status", "open"),
          Map.of("sku", "C3", "qty", 7, "status", "done"));

  @Test
  void inserts_items_then_finds_with_filter_projection_sort_and_limit() {
    Execution inserted = run("db", Map.of("operation", "insert", "collection", "orders"), ORDERS);
    assertThat(inserted.status()).as("%s", inserted.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(inserted.output("mongo")).hasSize(3);
    assertThat((String) inserted.output("mongo").getFirst().json().get("_id"))
        .matches("[0-9a-f]{24}");

    Execution found =
        run(
            Map.of(
                "operation",
                "find",
                "collection",
                "orders",
                "filter",
                Map.of("status", "open"),
                "projection",
                Map.of("_id", 0, "sku", 1, "qty", 1),
                "sort",
                Map.of("qty", -1),
                "limit",
                10));
    assertThat(found.status()).as("%s", found.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(found.output("mongo"))
        .extracting(Item::json)
        .containsExactly(Map.of("sku", "A1", "qty", 3), Map.of("sku", "B2", "qty", 1));

    Execution byOperator =
        run(
            Map.of(
                "operation",
                "find",
                "collection",
                "orders",
                "filter",
                "{\"qty\": {\"$gt\": 2}}",
                "limit",
                1,
                "sort",
                Map.of("qty", 1)));
    assertThat(byOperator.output("mongo").getFirst().json()).containsEntry("sku", "A1");
  }

  @Test
  void deduplicated_inserts_of_a_rerun_node_store_each_document_once() {
    Map<String, Object> insert =
        Map.of("operation", "insert", "collection", "events", "deduplicate", true);
    Execution first = run("db", insert, ORDERS);
    assertThat(first.status()).as("%s", first.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String id = (String) first.output("mongo").getFirst().json().get("_id");
    assertThat(id).isEqualTo(first.id().value() + "/mongo/0/0");

    // the same documents again, with the ids the first call gave them: as a re-run after a crash
    List<Item> again = first.output("mongo");
    Execution rerun =
        run(
            "db",
            Map.of("operation", "insert", "collection", "events", "deduplicate", true),
            again);
    assertThat(rerun.status()).as("%s", rerun.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Execution all = run(Map.of("operation", "find", "collection", "events"));
    assertThat(all.output("mongo")).hasSize(3);

    Execution strict = run("db", Map.of("operation", "insert", "collection", "events"), again);
    assertThat(strict.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("duplicate key");
  }

  @Test
  void updates_with_upsert_deletes_and_aggregates() {
    run("db", Map.of("operation", "insert", "collection", "orders"), ORDERS);
    Execution updated =
        run(
            Map.of(
                "operation",
                "update",
                "collection",
                "orders",
                "filter",
                Map.of("status", "open"),
                "update",
                Map.of("$set", Map.of("status", "shipped")),
                "many",
                true));
    assertThat(updated.output("mongo").getFirst().json())
        .containsEntry("matched", 2L)
        .containsEntry("modified", 2L);
    Execution upserted =
        run(
            Map.of(
                "operation",
                "update",
                "collection",
                "orders",
                "filter",
                Map.of("sku", "Z9"),
                "update",
                Map.of("$set", Map.of("qty", 4)),
                "upsert",
                true));
    assertThat(upserted.output("mongo").getFirst().json().get("upsertedId")).isNotNull();

    Execution grouped =
        run(
            Map.of(
                "operation", "aggregate",
                "collection", "orders",
                "pipeline",
                    List.of(
                        Map.of("$match", Map.of("qty", Map.of("$gte", 1))),
                        Map.of("$group", Map.of("_id", "$status", "total", Map.of("$sum", "$qty"))),
                        Map.of("$sort", Map.of("_id", 1)))));
    assertThat(grouped.status()).as("%s", grouped.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(grouped.output("mongo"))
        .extracting(Item::json)
        .containsExactly(
            new java.util.HashMap<>(Map.of("total", 4)) {
              {
                put("_id", null); // the upserted document has no status: null sorts first
              }
            },
            Map.of("_id", "done", "total", 7),
            Map.of("_id", "shipped", "total", 4));

    Execution deleted =
        run(
            Map.of(
                "operation",
                "delete",
                "collection",
                "orders",
                "filter",
                Map.of("status", "shipped"),
                "many",
                true));
    assertThat(deleted.output("mongo").getFirst().json()).containsEntry("deleted", 2L);
  }

  @Test
  void a_bad_filter_is_a_parameter_error_and_an_unreachable_server_retryable() {
    assertThat(
            run(Map.of("operation", "find", "collection", "orders", "filter", "{not json"))
                .error()
                .orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("parameter 'filter'");
    assertThat(
            run(Map.of("operation", "find", "collection", "orders", "limit", 0))
                .error()
                .orElseThrow())
        .hasMessageContaining("parameter 'limit'");
    Execution down =
        run("down", Map.of("operation", "find", "collection", "orders"), List.of(Item.empty()));
    assertThat(down.error().orElseThrow()).isInstanceOf(RetryableNodeException.class);
  }
}

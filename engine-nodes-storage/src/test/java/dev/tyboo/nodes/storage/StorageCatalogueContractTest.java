package dev.tyboo.nodes.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeType;
import dev.tyboo.testkit.node.NodeExample;
import dev.tyboo.testkit.node.NodeTypeContract;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every storage node meets {@link NodeTypeContract}; the examples set every parameter and fail
 * typed against servers that are down (the nodes' own tests run against real or in-process ones).
 */
class StorageCatalogueContractTest {

  private static final List<Item> ORDERS = Item.listOf(Map.of("id", 1), Map.of("id", 2));

  private static Map<String, List<NodeExample>> examples() {
    return Map.of(
        "s3",
        List.of(
            NodeExample.of(
                    "lists a prefix",
                    Map.of(
                        "operation", "list",
                        "bucket", "invoices",
                        "prefix", "2026/",
                        "maxKeys", 10,
                        "binaryProperty", "file",
                        "key", "unused"))
                .credential(
                    "s3",
                    Map.of(
                        "accessKeyId", "AKID",
                        "secretAccessKey", "secret",
                        "region", "eu-west-3",
                        "endpoint", "http://127.0.0.1:9",
                        "pathStyle", true))
                .input(ORDERS)),
        "sftp",
        List.of(
            NodeExample.of(
                    "lists a directory",
                    Map.of(
                        "operation", "list", "path", "in", "binaryProperty", "file", "maxFiles", 5))
                .credential(
                    "sftp",
                    Map.of(
                        "host", "127.0.0.1",
                        "port", 9,
                        "username", "ada",
                        "password", "x",
                        "acceptAnyHostKey", true))
                .input(ORDERS)),
        "mongoDb",
        List.of(
            NodeExample.of(
                    "finds with every option",
                    Map.ofEntries(
                        Map.entry("operation", "find"),
                        Map.entry("collection", "orders"),
                        Map.entry("filter", Map.of("id", "{{ $json.id }}")),
                        Map.entry("projection", Map.of("_id", 0)),
                        Map.entry("sort", Map.of("id", 1)),
                        Map.entry("skip", 0),
                        Map.entry("limit", 10),
                        Map.entry("document", Map.of("id", 1)),
                        Map.entry("deduplicate", true),
                        Map.entry("update", Map.of("$set", Map.of("seen", true))),
                        Map.entry("upsert", false),
                        Map.entry("many", false),
                        Map.entry("pipeline", List.of(Map.of("$match", Map.of())))))
                .credential(
                    "mongoDb",
                    Map.of(
                        "connectionString",
                        "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300&connectTimeoutMS=300",
                        "database",
                        "shop"))
                .input(ORDERS)));
  }

  @TestFactory
  Stream<DynamicTest> every_storage_node_meets_the_node_type_contract() {
    Map<String, List<NodeExample>> examples = examples();
    return new StorageNodes()
        .nodeTypes().stream()
            .flatMap(
                (NodeType type) ->
                    NodeTypeContract.tests(
                        type,
                        examples.getOrDefault(type.descriptor().type(), List.of()),
                        Map.of()));
  }

  @Test
  void the_catalogue_is_found_by_the_service_loader() {
    List<String> types =
        ServiceLoader.load(NodeCatalog.class).stream()
            .flatMap(p -> p.get().nodeTypes().stream())
            .map(t -> t.descriptor().type())
            .toList();
    assertThat(types).contains("s3", "sftp", "mongoDb");
  }
}

package dev.tyboo.nodes.kafka;

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

/** Both Kafka nodes meet {@link NodeTypeContract}, against the tests' Kafka broker. */
class KafkaCatalogueContractTest {

  @TestFactory
  Stream<DynamicTest> every_kafka_node_meets_the_node_type_contract() throws Exception {
    Map<String, Object> credential = KafkaBroker.get().credential();
    List<Item> order = List.of(Item.of(Map.of("order", 1)));
    Map<String, List<NodeExample>> examples =
        Map.of(
            KafkaPublish.TYPE,
            List.of(
                NodeExample.of(
                        "publishes a keyed text record with a header",
                        Map.of(
                            "topic", "tyboo-contract",
                            "key", "order-{{ $json.order }}",
                            "message", "order {{ $json.order }}",
                            "headers", Map.of("source", "contract")))
                    .credential("kafka", credential)
                    .input(order)),
            KafkaTrigger.TYPE,
            List.of(
                NodeExample.of(
                        "passes the record's items on",
                        Map.of(
                            "topics",
                            List.of("orders"),
                            "groupId",
                            "billing",
                            "startFrom",
                            "latest",
                            "batchSize",
                            10,
                            "maxMessageBytes",
                            4096))
                    .credential("kafka", credential)
                    .input(order)
                    .expect("main", order)));
    return new KafkaNodes()
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
    assertThat(
            ServiceLoader.load(NodeCatalog.class).stream()
                .flatMap(p -> p.get().nodeTypes().stream())
                .map(t -> t.descriptor().type()))
        .contains(KafkaPublish.TYPE, KafkaTrigger.TYPE);
  }
}

package dev.tyboo.nodes.kafka;

import static dev.tyboo.nodes.messaging.Collected.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.messaging.Collected;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka nodes against a real Kafka broker (KRaft) started for the tests. */
class KafkaNodesTest {

  private static KafkaBroker broker;

  private final String topic = "tyboo-test-" + UUID.randomUUID();
  private final Collected collected = new Collected();
  private InMemoryCredentialProvider credentials;
  private Engine engine;
  private Triggers triggers;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.get();
  }

  private Engine engine() {
    if (engine == null) {
      credentials =
          CredentialProvider.inMemory()
              .put("kafka", "main", broker.credential())
              .put("kafka", "down", Map.of("bootstrapServers", "127.0.0.1:9"));
      engine =
          Engine.builder()
              .nodeType(KafkaPublish.type())
              .nodeType(KafkaTrigger.type())
              .nodeType(collected.type)
              .credentials(credentials)
              .retryPolicy(RetryPolicy.none())
              .build();
    }
    return engine;
  }

  @AfterEach
  void close() {
    if (triggers != null) {
      triggers.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  private Execution publish(NodeDefinition node, String credential, List<Item> items) {
    Execution run =
        engine()
            .start(
                Workflow.named("publish")
                    .node("publish", node, o -> o.credential("kafka", credential))
                    .build(),
                items);
    run.await(Duration.ofSeconds(30));
    return run;
  }

  private KafkaConsumer<String, String> reader() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private void send(String key, String value, String messageId) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
      if (messageId != null) {
        record.headers().add("tyboo-message-id", messageId.getBytes(StandardCharsets.UTF_8));
      }
      producer.send(record).get();
    }
  }

  @Test
  void publishes_each_item_acknowledged_with_its_message_id_header() throws Exception {
    Execution run =
        publish(
            NodeDefinition.of(
                KafkaPublish.type(),
                Map.of(
                    "topic", topic, "key", "{{ $json.sku }}", "headers", Map.of("source", "shop"))),
            "main",
            List.of(
                Item.of(Map.of("sku", "A1", "qty", 3)), Item.of(Map.of("sku", "B2", "qty", 1))));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.output("publish"))
        .extracting(i -> i.json().get("offset"))
        .containsExactly(0L, 1L);

    try (KafkaConsumer<String, String> reader = reader()) {
      reader.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.size() < 2 && System.nanoTime() < deadline) {
        reader.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      assertThat(records).hasSize(2);
      ConsumerRecord<String, String> first = records.getFirst();
      assertThat(first.key()).isEqualTo("A1");
      assertThat(
              new com.fasterxml.jackson.databind.ObjectMapper().readValue(first.value(), Map.class))
          .isEqualTo(Map.of("sku", "A1", "qty", 3));
      assertThat(
              new String(
                  first.headers().lastHeader("tyboo-message-id").value(), StandardCharsets.UTF_8))
          .isEqualTo(run.id().value() + "/publish/0/0");
      assertThat(new String(first.headers().lastHeader("source").value(), StandardCharsets.UTF_8))
          .isEqualTo("shop");
    }
  }

  @Test
  void the_trigger_takes_earlier_records_dedupes_by_message_id_and_commits_after_store()
      throws Exception {
    send("k1", "{\"order\": 1}", "order-1");
    send("k2", "plain text", null);
    send("k1", "{\"order\": 1}", "order-1"); // published twice after a crash: one execution
    String workflow = "from-kafka-" + UUID.randomUUID();
    triggers = Triggers.builder(engine()).credentials(credentials).build();
    triggers.register(
        Workflow.named(workflow)
            .node("kafka", KafkaTrigger.topics(topic), o -> o.credential("kafka", "main"))
            .node("collect", NodeDefinition.of(collected.type, Map.of()))
            .connect("kafka", "collect")
            .build());
    triggers.start();

    await(() -> collected.items.size() == 2, "two executions");
    assertThat(collected.items.getFirst().json())
        .containsEntry("topic", topic)
        .containsEntry("key", "k1")
        .containsEntry("message", Map.of("order", 1))
        .containsEntry("messageId", "order-1")
        .containsEntry("offset", 0L);
    assertThat(collected.items.get(1).json())
        .containsEntry("message", "plain text")
        .containsEntry("messageId", topic + "/0/1");
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap);
    try (Admin admin = Admin.create(p)) {
      await(
          () -> {
            try {
              Map<TopicPartition, OffsetAndMetadata> offsets =
                  admin
                      .listConsumerGroupOffsets("tyboo." + workflow)
                      .partitionsToOffsetAndMetadata()
                      .get();
              OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
              return o != null && o.offset() == 3;
            } catch (Exception e) {
              return false;
            }
          },
          "all three records committed");
    }
    Thread.sleep(300);
    assertThat(collected.items).hasSize(2);
  }

  @Test
  void a_broker_that_cannot_be_reached_is_retryable_a_bad_topic_a_parameter_error() {
    Execution down = publish(KafkaPublish.to("orders"), "down", List.of(Item.empty()));
    assertThat(down.error().orElseThrow()).isInstanceOf(RetryableNodeException.class);
    Execution bad = publish(KafkaPublish.to("bad topic!"), "main", List.of(Item.empty()));
    assertThat(bad.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("topic");
  }
}

package dev.tyboo.nodes.kafka;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes one Kafka record per item (JSON type {@code kafkaPublish}) and succeeds once every
 * record is acknowledged by all in-sync replicas ({@code acks=all}, idempotent producer, so the
 * client's own retries write nothing twice). Each record carries the header {@code
 * tyboo-message-id}: the node call's idempotency key and the item's index, the same on every
 * attempt and after a crash, which a {@link KafkaTrigger} deduplicates by. The value is the item's
 * JSON or {@code message}; {@code key} (for partitioning) is optional. Emits {@code {topic,
 * partition, offset, messageId}}.
 *
 * <p>A refused login or a refused topic fails without retry, as do a bad topic name and a record
 * over the broker's limit; a broker that cannot be reached in time fails retryably.
 */
public final class KafkaPublish {

  /** The JSON type name. */
  public static final String TYPE = "kafkaPublish";

  /**
   * The node's parameters.
   *
   * @param topic the topic
   * @param key the record key, or none
   * @param message the value text; by default the item's JSON
   * @param headers more headers
   */
  record Parameters(
      @Param(required = true) String topic,
      String key,
      @Param(description = "the value text; by default the item's JSON") String message,
      Map<String, String> headers) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Kafka Publish")
              .description(
                  "Publishes each item as a record to a Kafka topic, acknowledged by all replicas")
              .credentialType(KafkaConnections.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          KafkaPublish::execute);

  private KafkaPublish() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that publishes each item's JSON to a topic}
   *
   * @param topic the topic; may be an expression
   */
  public static NodeDefinition to(String topic) {
    return NodeDefinition.of(INSTANCE, Map.of("topic", Objects.requireNonNull(topic, "topic")));
  }

  private static NodeResult execute(NodeContext ctx) throws Exception {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    Properties p;
    try {
      p = KafkaConnections.properties(ctx.credential(KafkaConnections.CREDENTIAL), "tyboo-publish");
    } catch (IllegalArgumentException e) {
      throw NodeFailure.of(e.getMessage());
    }
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    try {
      for (int i = 0; i < input.size(); i++) {
        Parameters params = ctx.parameters(i, Parameters.class);
        String id = ctx.idempotencyKey() + "/" + i;
        byte[] value =
            params.message() != null
                ? params.message().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(input.get(i).json());
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                params.topic(),
                null,
                params.key() == null ? null : params.key().getBytes(StandardCharsets.UTF_8),
                value);
        if (params.headers() != null) {
          params
              .headers()
              .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        record.headers().add(KafkaConnections.MESSAGE_ID, id.getBytes(StandardCharsets.UTF_8));
        try {
          sent.add(producer.send(record));
        } catch (RuntimeException e) {
          throw failure(e, i, params.topic());
        }
        ids.add(id);
      }
      producer.flush();
      List<Item> out = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        RecordMetadata m;
        try {
          m = sent.get(i).get();
        } catch (ExecutionException e) {
          throw failure(e.getCause(), i, ctx.parameters(i, Parameters.class).topic());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", m.topic());
        json.put("partition", m.partition());
        json.put("offset", m.offset());
        json.put("messageId", ids.get(i));
        out.add(Item.of(json));
      }
      return NodeResult.of(out);
    } finally {
      producer.close(java.time.Duration.ofSeconds(5)); // never waits for ever on a lost broker
    }
  }

  private static RuntimeException failure(Throwable e, int i, String topic) {
    if (e instanceof AuthenticationException) {
      return NodeFailure.of(i, "Kafka refused the credential's login: " + e.getMessage());
    }
    if (e instanceof AuthorizationException) {
      return NodeFailure.of(i, "Kafka refused access to topic '" + topic + "': " + e.getMessage());
    }
    if (e instanceof InvalidTopicException) {
      return NodeFailure.badParameter("topic", i, "is not a valid topic name", topic);
    }
    if (e instanceof RecordTooLargeException) {
      return NodeFailure.of(i, "the record is over the broker's size limit: " + e.getMessage());
    }
    if (e instanceof RetriableException
        || e instanceof org.apache.kafka.common.errors.TimeoutException) {
      return NodeFailure.retryable(i, "Kafka did not acknowledge the record: " + e.getMessage(), e);
    }
    return NodeFailure.of(i, "Kafka refused the record: " + e.getMessage());
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

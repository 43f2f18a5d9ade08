package dev.tyboo.nodes.kafka;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.trigger.EventTrigger;
import dev.tyboo.nodes.trigger.TriggerHandOff;
import dev.tyboo.nodes.trigger.TriggerSetup;
import dev.tyboo.nodes.trigger.TriggerSubscription;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts its workflow for every record of Kafka topics (JSON type {@code kafkaTrigger}), through
 * {@link dev.tyboo.nodes.trigger.Triggers}, as a member of a consumer group ({@code groupId}, by
 * default {@code tyboo.<workflow>}: processes that register the workflow split the partitions).
 *
 * <p>A record's offset is committed only once the execution it starts is stored: a process that
 * dies between the two leaves the record to the group, which gives it to the next consumer; that
 * consumer finds the execution already stored (records are deduplicated by their {@code
 * tyboo-message-id} header, which {@link KafkaPublish} sets, else by {@code
 * <topic>/<partition>/<offset>}) and commits. While the engine cannot store the execution, the
 * record is held and tried again and the partition waits behind it.
 *
 * <p>Each record becomes one item: {@code topic}, {@code partition}, {@code offset}, {@code key},
 * {@code message} (parsed when it is JSON, else text), {@code headers}, {@code timestamp}, {@code
 * messageId}. A group without committed offsets starts from {@code startFrom} ({@code earliest} by
 * default, or {@code latest}). A record over {@code maxMessageBytes} is skipped with a warning.
 */
public final class KafkaTrigger implements EventTrigger {

  /** The JSON type name. */
  public static final String TYPE = "kafkaTrigger";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTrigger.class);

  /** Where a new group starts reading. */
  enum StartFrom {
    earliest,
    latest
  }

  /**
   * The trigger's parameters.
   *
   * @param topics the topics
   * @param groupId the consumer group; by default one per workflow
   * @param startFrom where a group without committed offsets starts
   * @param batchSize the most records one poll takes
   * @param maxMessageBytes the longest record value accepted
   */
  record Parameters(
      @Param(required = true) List<String> topics,
      @Param(description = "by default tyboo.<workflow name>") String groupId,
      @Param(defaultValue = "earliest") StartFrom startFrom,
      @Param(defaultValue = "100") int batchSize,
      @Param(defaultValue = "1048576") int maxMessageBytes) {}

  static final KafkaTrigger INSTANCE = new KafkaTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Kafka Trigger")
          .description("Starts the workflow for every record of Kafka topics, in a consumer group")
          .inputs()
          .credentialType(KafkaConnections.CREDENTIAL)
          .parameters(Parameters.class)
          .build();

  private KafkaTrigger() {}

  /** {@return the node type, for registries} */
  public static KafkaTrigger type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger on topics, in the workflow's own consumer group}
   *
   * @param topics the topics
   */
  public static NodeDefinition topics(String... topics) {
    return NodeDefinition.of(INSTANCE, Map.of("topics", List.of(topics)));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public TriggerSubscription listen(TriggerSetup setup, TriggerHandOff handOff) {
    if (!(setup.parameters().get("topics") instanceof List<?> list) || list.isEmpty()) {
      throw setup.invalid("topics", "must name at least one topic");
    }
    List<String> topics = list.stream().map(String::valueOf).toList();
    String group =
        setup.parameters().get("groupId") instanceof String g && !g.isBlank()
            ? g
            : "tyboo." + setup.workflowName();
    int batch = setup.integer("batchSize", 1, 10_000);
    int max = setup.integer("maxMessageBytes", 1, Integer.MAX_VALUE);
    Properties p =
        KafkaConnections.properties(
            setup.credential(KafkaConnections.CREDENTIAL), "tyboo-" + setup.workflowName());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        String.valueOf(setup.parameters().getOrDefault("startFrom", "earliest")));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(topics);
    Reader reader = new Reader(setup, handOff, consumer, max);
    Thread thread =
        Thread.ofPlatform().daemon().name("tyboo-kafka-" + setup.workflowName()).start(reader);
    return () -> {
      reader.closed = true;
      consumer.wakeup();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** Polls one consumer until closed; the consumer is used by this thread only. */
  private static final class Reader implements Runnable {
    private final TriggerSetup setup;
    private final TriggerHandOff handOff;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int max;
    volatile boolean closed;

    Reader(
        TriggerSetup setup,
        TriggerHandOff handOff,
        KafkaConsumer<byte[], byte[]> consumer,
        int max) {
      this.setup = setup;
      this.handOff = handOff;
      this.consumer = consumer;
      this.max = max;
    }

    @Override
    public void run() {
      long backoff = 100;
      try {
        while (!closed) {
          try {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
              if (!deliver(record)) {
                return; // closing: not committed, the group gives the record to the next consumer
              }
            }
            backoff = 100;
          } catch (WakeupException e) {
            if (closed) {
              return;
            }
          } catch (RuntimeException e) {
            if (closed) {
              return;
            }
            LOG.warn(
                "workflow '{}': consuming from Kafka failed; again in {} ms",
                setup.workflowName(),
                backoff,
                e);
            sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
          }
        }
      } finally {
        consumer.close(
            org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      }
    }

    private boolean deliver(ConsumerRecord<byte[], byte[]> record) {
      byte[] value = record.value() == null ? new byte[0] : record.value();
      if (value.length > max) {
        LOG.warn(
            "workflow '{}': a record of {} bytes at {}/{}/{} is over maxMessageBytes {}; skipped",
            setup.workflowName(),
            value.length,
            record.topic(),
            record.partition(),
            record.offset(),
            max);
      } else {
        Header idHeader = record.headers().lastHeader(KafkaConnections.MESSAGE_ID);
        String id =
            idHeader != null
                ? new String(idHeader.value(), StandardCharsets.UTF_8)
                : record.topic() + "/" + record.partition() + "/" + record.offset();
        if (handOff.handOffUntilStored(id, List.of(item(record, value, id)), () -> closed)
            == null) {
          return false;
        }
      }
      consumer.commitSync(
          Map.of(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1)));
      return true;
    }

    private static Item item(ConsumerRecord<byte[], byte[]> record, byte[] value, String id) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("topic", record.topic());
      json.put("partition", record.partition());
      json.put("offset", record.offset());
      json.put(
          "key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
      json.put("message", payload(value));
      Map<String, Object> headers = new LinkedHashMap<>();
      for (Header h : record.headers()) {
        headers.put(
            h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
      }
      json.put("headers", headers);
      json.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
      json.put("messageId", id);
      return Item.of(json);
    }

    private static Object payload(byte[] data) {
      String text = new String(data, StandardCharsets.UTF_8);
      String t = text.strip();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          return JSON.readValue(text, Object.class);
        } catch (IOException e) {
          return text;
        }
      }
      return Objects.requireNonNull(text);
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

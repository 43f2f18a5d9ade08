package dev.tyboo.nodes.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.nodes.messaging.CrashSchema;
import dev.tyboo.nodes.messaging.TriggerProcessMain;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once, started once, across a crash: an engine process stores the execution a Kafka
 * record starts and dies before committing its offset; the group gives the record to the next
 * engine, which finds the execution stored, runs it and commits. One record, one execution.
 */
class KafkaTriggerCrashTest {

  @Test
  void a_record_whose_process_died_before_the_commit_runs_once_on_the_next_engine(@TempDir Path dir)
      throws Exception {
    KafkaBroker broker = KafkaBroker.get();
    String topic = "tyboo-crash-" + UUID.randomUUID();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      ProducerRecord<String, String> record = new ProducerRecord<>(topic, "k", "{\"order\": 1}");
      record.headers().add("tyboo-message-id", "order-1".getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();
    }
    try (CrashSchema db = new CrashSchema()) {
      Path log = dir.resolve("first.log");
      Process first =
          KafkaProcessMain.launch(
              log, db.url, CrashSchema.USER, broker.bootstrap, topic, "first", "true");
      assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("first process ends").isTrue();
      assertThat(first.exitValue())
          .as("halted before the commit:\n%s", Files.readString(log))
          .isEqualTo(TriggerProcessMain.HALTED);
      ExecutionId expected = ExecutionId.forKey(TriggerProcessMain.WORKFLOW, "trigger/order-1");
      assertThat(db.executions()).as("stored before the commit").containsExactly(expected.value());

      Properties admin = new Properties();
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap);
      TopicPartition partition = new TopicPartition(topic, 0);
      String group = "tyboo." + TriggerProcessMain.WORKFLOW;
      InMemoryCredentialProvider credentials = KafkaProcessMain.credentials(broker.bootstrap);
      try (Admin kafka = Admin.create(admin);
          Engine engine = TriggerProcessMain.engine(db.pool, "second", credentials);
          Triggers triggers = Triggers.builder(engine).credentials(credentials).build()) {
        triggers.register(KafkaProcessMain.workflow(topic));
        triggers.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((committed(kafka, group, partition) != 1 || !"SUCCEEDED".equals(db.status(expected)))
            && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(committed(kafka, group, partition))
            .as("committed by the second engine")
            .isEqualTo(1);
        assertThat(db.status(expected)).isEqualTo("SUCCEEDED");
      }
      assertThat(db.executions()).as("one record, one execution").containsExactly(expected.value());
    }
  }

  private static long committed(Admin kafka, String group, TopicPartition partition) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          kafka.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      OffsetAndMetadata o = offsets.get(partition);
      return o == null ? -1 : o.offset();
    } catch (Exception e) {
      return -1;
    }
  }
}

package dev.tyboo.nodes.messaging.mqtt;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once, started once, across a crash, over MQTT: an engine process stores the execution a
 * QoS 1 message starts and dies before its PUBACK; the next engine resumes the trigger's session,
 * Mosquitto delivers the message again, and the engine finds the execution already stored, runs it
 * and acknowledges.
 */
class MqttTriggerCrashTest {

  @Test
  void a_message_whose_process_died_before_the_ack_runs_once_on_the_next_engine(@TempDir Path dir)
      throws Exception {
    String topic = "tyboo/crash/" + UUID.randomUUID();
    String session = MqttTrigger.clientId(TriggerProcessMain.WORKFLOW, "trigger");
    MqttBroker.forget(session);
    try (CrashSchema db = new CrashSchema()) {
      // the trigger's session must exist before the message is published: a first listener makes it
      InMemoryCredentialProvider credentials = TriggerProcessMain.credentials();
      try (Engine engine = TriggerProcessMain.engine(db.pool, "setup", credentials);
          Triggers triggers = Triggers.builder(engine).credentials(credentials).build()) {
        triggers.register(TriggerProcessMain.workflow("mqtt", topic));
        triggers.start();
      }
      MqttClient publisher = MqttBroker.client(MqttClient.generateClientId(), true);
      publisher.publish(
          topic,
          "{\"messageId\": \"reading-1\", \"t\": 21}".getBytes(StandardCharsets.UTF_8),
          1,
          false);
      publisher.disconnect();
      publisher.close();

      Path log = dir.resolve("first.log");
      Process first =
          TriggerProcessMain.launch(log, db.url, CrashSchema.USER, "mqtt", topic, "first", "true");
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("first process ends").isTrue();
      assertThat(first.exitValue())
          .as("halted before the ack:\n%s", Files.readString(log))
          .isEqualTo(TriggerProcessMain.HALTED);
      ExecutionId expected = ExecutionId.forKey(TriggerProcessMain.WORKFLOW, "trigger/reading-1");
      assertThat(db.executions()).containsExactly(expected.value());

      try (Engine engine = TriggerProcessMain.engine(db.pool, "second", credentials);
          Triggers triggers =
              Triggers.builder(engine)
                  .credentials(credentials)
                  .beforeAcknowledge((id, execution) -> redelivered[0] = execution.id())
                  .build()) {
        triggers.register(TriggerProcessMain.workflow("mqtt", topic));
        triggers.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((redelivered[0] == null || !"SUCCEEDED".equals(db.status(expected)))
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(redelivered[0]).as("Mosquitto delivered it again").isEqualTo(expected);
        assertThat(db.status(expected)).isEqualTo("SUCCEEDED");
      }
      assertThat(db.executions())
          .as("one message, one execution")
          .containsExactly(expected.value());
    } finally {
      MqttBroker.forget(session);
    }
  }

  private final ExecutionId[] redelivered = new ExecutionId[1];
}

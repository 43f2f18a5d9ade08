package dev.tyboo.nodes.messaging.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once, started once, across a crash: an engine process stores the execution a RabbitMQ
 * message starts and dies before acknowledging it; the broker delivers the message again to the
 * next engine, which finds the execution already stored, runs it (the dead process's claim expires)
 * and acknowledges. One message, one execution, none lost.
 */
class RabbitMqTriggerCrashTest {

  @Test
  void a_message_whose_process_died_before_the_ack_runs_once_on_the_next_engine(@TempDir Path dir)
      throws Exception {
    try (CrashSchema db = new CrashSchema();
        Connection rabbit = Broker.connect()) {
      Channel channel = rabbit.createChannel();
      String queue = Broker.newQueue(channel);
      try {
        channel.basicPublish(
            "",
            queue,
            new AMQP.BasicProperties.Builder()
                .messageId("order-1")
                .contentType("application/json")
                .deliveryMode(2)
                .build(),
            "{\"order\": 1}".getBytes(StandardCharsets.UTF_8));

        Path log = dir.resolve("first.log");
        Process first =
            TriggerProcessMain.launch(
                log, db.url, CrashSchema.USER, "rabbitmq", queue, "first", "true");
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("first process ends").isTrue();
        assertThat(first.exitValue())
            .as("halted before the ack:\n%s", Files.readString(log))
            .isEqualTo(TriggerProcessMain.HALTED);

        ExecutionId expected = ExecutionId.forKey(TriggerProcessMain.WORKFLOW, "trigger/order-1");
        assertThat(db.executions())
            .as("the execution was stored before the ack")
            .containsExactly(expected.value());

        // the next engine: the broker delivers the unacknowledged message to it
        InMemoryCredentialProvider credentials = TriggerProcessMain.credentials();
        try (Engine engine = TriggerProcessMain.engine(db.pool, "second", credentials);
            Triggers triggers = Triggers.builder(engine).credentials(credentials).build()) {
          triggers.register(TriggerProcessMain.workflow("rabbitmq", queue));
          triggers.start();
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while ((queued(channel, queue) > 0 || !"SUCCEEDED".equals(db.status(expected)))
              && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
          assertThat(queued(channel, queue)).as("acknowledged by the second engine").isZero();
          assertThat(db.status(expected)).isEqualTo("SUCCEEDED");
        }
        assertThat(db.executions())
            .as("one message, one execution")
            .containsExactly(expected.value());
      } finally {
        channel.queueDelete(queue);
      }
    }
  }

  private static long queued(Channel channel, String queue) throws Exception {
    return channel.queueDeclarePassive(queue).getMessageCount();
  }
}

package dev.tyboo.nodes.messaging.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.nodes.messaging.CrashSchema;
import dev.tyboo.nodes.messaging.TriggerProcessMain;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At least once, started once, across a crash: an engine process stores the execution a JetStream
 * message starts and dies before acknowledging it; after the ack wait the server delivers the
 * message again to the next engine (the same durable consumer), which finds the execution stored,
 * runs it and acknowledges. One message, one execution, none lost.
 */
class NatsTriggerCrashTest {

  @Test
  void a_message_whose_process_died_before_the_ack_runs_once_on_the_next_engine(@TempDir Path dir)
      throws Exception {
    try (CrashSchema db = new CrashSchema();
        Connection nc = NatsServer.connect()) {
      String stream = NatsServer.newStream(nc);
      try {
        nc.jetStream()
            .publish(
                NatsMessage.builder()
                    .subject(stream + ".orders")
                    .headers(new Headers().add("Nats-Msg-Id", "order-1"))
                    .data("{\"order\": 1}")
                    .build());

        Path log = dir.resolve("first.log");
        Process first =
            TriggerProcessMain.launch(
                log, db.url, CrashSchema.USER, "nats", stream, "first", "true");
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("first process ends").isTrue();
        assertThat(first.exitValue())
            .as("halted before the ack:\n%s", Files.readString(log))
            .isEqualTo(TriggerProcessMain.HALTED);

        ExecutionId expected = ExecutionId.forKey(TriggerProcessMain.WORKFLOW, "trigger/order-1");
        assertThat(db.executions())
            .as("the execution was stored before the ack")
            .containsExactly(expected.value());

        InMemoryCredentialProvider credentials = TriggerProcessMain.credentials();
        String durable = NatsTrigger.consumerName(TriggerProcessMain.WORKFLOW, "trigger");
        try (Engine engine = TriggerProcessMain.engine(db.pool, "second", credentials);
            Triggers triggers = Triggers.builder(engine).credentials(credentials).build()) {
          triggers.register(TriggerProcessMain.workflow("nats", stream));
          triggers.start();
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while ((!settled(nc, stream, durable) || !"SUCCEEDED".equals(db.status(expected)))
              && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
          assertThat(settled(nc, stream, durable)).as("acknowledged by the second engine").isTrue();
          assertThat(db.status(expected)).isEqualTo("SUCCEEDED");
        }
        assertThat(db.executions())
            .as("one message, one execution")
            .containsExactly(expected.value());
      } finally {
        NatsServer.deleteStream(nc, stream);
      }
    }
  }

  private static boolean settled(Connection nc, String stream, String durable) throws Exception {
    ConsumerInfo info = nc.jetStreamManagement().getConsumerInfo(stream, durable);
    return info.getNumAckPending() == 0
        && info.getNumPending() == 0
        && info.getDelivered().getConsumerSequence() >= 2;
  }
}

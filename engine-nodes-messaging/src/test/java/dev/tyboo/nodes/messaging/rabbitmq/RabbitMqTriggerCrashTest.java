package dev.tyboo.nodes.messaging.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

  private static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault("TYBOO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String POSTGRES_USER =
      System.getenv().getOrDefault("TYBOO_TEST_POSTGRES_USER", "postgres");

  @Test
  void a_message_whose_process_died_before_the_ack_runs_once_on_the_next_engine(@TempDir Path dir)
      throws Exception {
    String schema = "tyboo_rmq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String url =
        POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try (HikariDataSource admin = TriggerProcessMain.pool(POSTGRES_URL, POSTGRES_USER);
        Connection rabbit = Broker.connect()) {
      exec(admin, "CREATE SCHEMA " + schema);
      Channel channel = rabbit.createChannel();
      String queue = Broker.newQueue(channel);
      try (HikariDataSource ds = TriggerProcessMain.pool(url, POSTGRES_USER)) {
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
        Process first = TriggerProcessMain.launch(log, url, POSTGRES_USER, queue, "first", "true");
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("first process ends").isTrue();
        assertThat(first.exitValue())
            .as("halted before the ack:\n%s", Files.readString(log))
            .isEqualTo(TriggerProcessMain.HALTED);

        assertThat(executions(ds)).as("the execution was stored before the ack").hasSize(1);
        ExecutionId expected = ExecutionId.forKey("crash-orders", "queue/order-1");
        assertThat(executions(ds)).containsExactly(expected.value());

        // the next engine: the broker delivers the unacknowledged message to it
        InMemoryCredentialProvider credentials =
            CredentialProvider.inMemory().put("rabbitmq", "broker", Broker.credential());
        try (Engine engine = TriggerProcessMain.engine(ds, "second", credentials);
            Triggers triggers = Triggers.builder(engine).credentials(credentials).build()) {
          triggers.register(TriggerProcessMain.workflow(queue));
          triggers.start();
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while ((queued(channel, queue) > 0 || !"SUCCEEDED".equals(status(ds, expected)))
              && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
          assertThat(queued(channel, queue)).as("acknowledged by the second engine").isZero();
          assertThat(status(ds, expected)).isEqualTo("SUCCEEDED");
        }
        assertThat(executions(ds))
            .as("one message, one execution")
            .containsExactly(expected.value());
      } finally {
        channel.queueDelete(queue);
        exec(admin, "DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static long queued(Channel channel, String queue) throws Exception {
    return channel.queueDeclarePassive(queue).getMessageCount();
  }

  private static void exec(HikariDataSource ds, String sql) throws Exception {
    try (java.sql.Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> executions(HikariDataSource ds) throws Exception {
    List<String> ids = new ArrayList<>();
    try (java.sql.Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id FROM tyboo_execution WHERE workflow_name = 'crash-orders'")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static String status(HikariDataSource ds, ExecutionId id) throws Exception {
    try (java.sql.Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT status FROM tyboo_execution WHERE id = '" + id.value() + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}

package dev.tyboo.nodes.kafka;

import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.messaging.TriggerProcessMain;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One engine process for the Kafka crash test: {@code KafkaProcessMain <jdbcUrl> <user> <bootstrap>
 * <topic> <worker> <halt>}, the Kafka twin of the messaging module's {@link TriggerProcessMain}
 * (whose pool, engine and schema it uses).
 */
public final class KafkaProcessMain {

  private KafkaProcessMain() {}

  static Process launch(Path log, String... args) throws IOException {
    return TriggerProcessMain.launch(log, KafkaProcessMain.class, args);
  }

  static Workflow workflow(String topic) {
    return Workflow.named(TriggerProcessMain.WORKFLOW)
        .node("trigger", KafkaTrigger.topics(topic), o -> o.credential("kafka", "broker"))
        .node("done", NoOp.node())
        .connect("trigger", "done")
        .build();
  }

  static InMemoryCredentialProvider credentials(String bootstrap) {
    return CredentialProvider.inMemory()
        .put(
            "kafka",
            "broker",
            Map.of(
                "bootstrapServers",
                bootstrap,
                "properties",
                Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000")));
  }

  /**
   * Runs the process.
   *
   * @param args see the class comment
   * @throws Exception when it cannot start
   */
  public static void main(String[] args) throws Exception {
    boolean halt = Boolean.parseBoolean(args[5]);
    InMemoryCredentialProvider credentials = credentials(args[2]);
    HikariDataSource ds = TriggerProcessMain.pool(args[0], args[1]);
    Engine engine = TriggerProcessMain.engine(ds, args[4], credentials);
    Triggers triggers =
        Triggers.builder(engine)
            .credentials(credentials)
            .beforeAcknowledge(
                (messageId, execution) -> {
                  if (halt) {
                    System.out.println("stored " + execution.id() + "; halting before the commit");
                    System.out.flush();
                    Runtime.getRuntime().halt(TriggerProcessMain.HALTED);
                  }
                })
            .build();
    triggers.register(workflow(args[3]));
    triggers.start();
    System.out.println(TriggerProcessMain.LISTENING);
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(2));
    triggers.close();
    engine.close();
    ds.close();
  }
}

package dev.tyboo.nodes.messaging.rabbitmq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.persistence.jdbc.JdbcStorage;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine process for the crash test: {@code TriggerProcessMain <jdbcUrl> <user> <queue>
 * <workerId> <halt>}. It listens on the queue with a durable engine; with {@code halt} true it
 * halts the JVM (no shutdown hooks, no acknowledgement) right after the first execution is stored,
 * before its message is acknowledged.
 */
public final class TriggerProcessMain {

  /** The exit status of a process that halted before acknowledging. */
  static final int HALTED = 3;

  /** What the process prints once it listens. */
  static final String LISTENING = "listening";

  private TriggerProcessMain() {}

  static Process launch(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "-Xmx256m",
            TriggerProcessMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  static Workflow workflow(String queue) {
    return Workflow.named("crash-orders")
        .node("queue", RabbitMqTrigger.queue(queue), o -> o.credential("rabbitmq", "broker"))
        .node("done", NoOp.node())
        .connect("queue", "done")
        .build();
  }

  static HikariDataSource pool(String url, String user) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  static Engine engine(HikariDataSource ds, String worker, InMemoryCredentialProvider credentials) {
    return Engine.builder()
        .storage(JdbcStorage.create(ds))
        .durableOptions(
            DurableOptions.builder()
                .workerId(worker)
                .leaseTime(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(100))
                .build())
        .discoverNodeTypes(TriggerProcessMain.class.getClassLoader())
        .credentials(credentials)
        .build();
  }

  /**
   * Runs the process.
   *
   * @param args see the class comment
   * @throws Exception when it cannot start
   */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String queue = args[2];
    String worker = args[3];
    boolean halt = Boolean.parseBoolean(args[4]);
    InMemoryCredentialProvider credentials =
        CredentialProvider.inMemory().put("rabbitmq", "broker", Broker.credential());
    HikariDataSource ds = pool(url, user);
    Engine engine = engine(ds, worker, credentials);
    Triggers triggers =
        Triggers.builder(engine)
            .credentials(credentials)
            .beforeAcknowledge(
                (messageId, execution) -> {
                  if (halt) {
                    System.out.println("stored " + execution.id() + "; halting before the ack");
                    System.out.flush();
                    Runtime.getRuntime().halt(HALTED);
                  }
                })
            .build();
    triggers.register(workflow(queue));
    triggers.start();
    System.out.println(LISTENING);
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(2));
    triggers.close();
    engine.close();
    ds.close();
  }
}

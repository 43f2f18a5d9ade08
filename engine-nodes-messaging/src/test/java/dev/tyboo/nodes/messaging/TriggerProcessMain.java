package dev.tyboo.nodes.messaging;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.messaging.email.EmailTrigger;
import dev.tyboo.nodes.messaging.mqtt.MqttTrigger;
import dev.tyboo.nodes.messaging.nats.NatsServer;
import dev.tyboo.nodes.messaging.nats.NatsTrigger;
import dev.tyboo.nodes.messaging.rabbitmq.RabbitMqTrigger;
import dev.tyboo.nodes.messaging.redis.RedisStreamTrigger;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.persistence.jdbc.JdbcStorage;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One engine process for the crash test: {@code TriggerProcessMain <jdbcUrl> <user> <queue>
 * <workerId> <halt>}. It listens on the queue with a durable engine; with {@code halt} true it
 * halts the JVM (no shutdown hooks, no acknowledgement) right after the first execution is stored,
 * before its message is acknowledged.
 */
public final class TriggerProcessMain {

  /** The workflow every process of a crash test runs. */
  public static final String WORKFLOW = "crash-orders";

  /** The exit status of a process that halted before acknowledging. */
  public static final int HALTED = 3;

  /** What the process prints once it listens. */
  public static final String LISTENING = "listening";

  private TriggerProcessMain() {}

  /**
   * Starts a process in a JVM of its own, on this test's class path, its output to a log file.
   *
   * @param log where its output goes
   * @param args its arguments (see the class comment)
   * @return the process
   * @throws IOException when the JVM cannot start
   */
  public static Process launch(Path log, String... args) throws IOException {
    return launch(log, TriggerProcessMain.class, args);
  }

  /**
   * Starts another main class in a JVM of its own, on this test's class path.
   *
   * @param log where its output goes
   * @param main the class whose {@code main} runs
   * @param args its arguments
   * @return the process
   * @throws IOException when the JVM cannot start
   */
  public static Process launch(Path log, Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "-Xmx256m", main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /**
   * {@return the workflow: a trigger of that kind on the source, then a No Operation node}
   *
   * @param kind {@code rabbitmq}, {@code mqtt}, {@code nats}, {@code redis} or {@code email}
   * @param source the queue, the topic, the JetStream stream, the Redis stream or the IMAP port
   */
  public static Workflow workflow(String kind, String source) {
    NodeDefinition trigger =
        switch (kind) {
          case "rabbitmq" -> RabbitMqTrigger.queue(source);
          case "mqtt" -> MqttTrigger.topic(source);
          case "nats" ->
              NodeDefinition.of(
                  NatsTrigger.type(),
                  Map.of("stream", source, "subject", source + ".>", "ackWait", "PT1S"));
          case "redis" ->
              NodeDefinition.of(
                  RedisStreamTrigger.type(), Map.of("stream", source, "claimIdleAfter", "PT1S"));
          case "email" ->
              NodeDefinition.of(
                  EmailTrigger.type(), Map.of("mailbox", "INBOX", "pollInterval", "PT0.2S"));
          default -> throw new IllegalArgumentException("no trigger kind " + kind);
        };
    return Workflow.named(WORKFLOW)
        .node("trigger", trigger, o -> o.credential(kind.equals("email") ? "imap" : kind, "broker"))
        .node("done", NoOp.node())
        .connect("trigger", "done")
        .build();
  }

  /**
   * {@return credentials for the test machine's RabbitMQ, Mosquitto and Redis, and for a GreenMail
   * IMAP server}
   *
   * @param imapPort the GreenMail IMAP port, or 0
   */
  public static InMemoryCredentialProvider credentials(int imapPort) {
    return credentials()
        .put(
            "imap",
            "broker",
            Map.of(
                "host", "127.0.0.1",
                "port", imapPort,
                "security", "none",
                "username", "ada",
                "password", "ada-pass"));
  }

  /** {@return credentials for the test machine's RabbitMQ, Mosquitto, NATS and Redis} */
  public static InMemoryCredentialProvider credentials() {
    Map<String, String> env = System.getenv();
    return CredentialProvider.inMemory()
        .put(
            "rabbitmq",
            "broker",
            Map.of(
                "host",
                env.getOrDefault("TYBOO_TEST_RABBITMQ_HOST", "127.0.0.1"),
                "port",
                Integer.parseInt(env.getOrDefault("TYBOO_TEST_RABBITMQ_PORT", "5672")),
                "username",
                "guest",
                "password",
                "guest"))
        .put(
            "mqtt",
            "broker",
            Map.of(
                "host", env.getOrDefault("TYBOO_TEST_MQTT_HOST", "127.0.0.1"),
                "port", Integer.parseInt(env.getOrDefault("TYBOO_TEST_MQTT_PORT", "1883"))))
        .put("nats", "broker", NatsServer.credential())
        .put(
            "redis",
            "broker",
            Map.of(
                "host", env.getOrDefault("TYBOO_TEST_REDIS_HOST", "127.0.0.1"),
                "port", Integer.parseInt(env.getOrDefault("TYBOO_TEST_REDIS_PORT", "6379"))));
  }

  /**
   * {@return a small pool}
   *
   * @param url the JDBC URL
   * @param user the user
   */
  public static HikariDataSource pool(String url, String user) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  /**
   * {@return a durable engine on the pool whose claims expire after a second}
   *
   * @param ds the pool
   * @param worker its worker id
   * @param credentials its credentials
   */
  public static Engine engine(
      HikariDataSource ds, String worker, InMemoryCredentialProvider credentials) {
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
    String kind = args[2];
    String source = args[3];
    String worker = args[4];
    boolean halt = Boolean.parseBoolean(args[5]);
    InMemoryCredentialProvider credentials =
        kind.equals("email") ? credentials(Integer.parseInt(source)) : credentials();
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
    triggers.register(workflow(kind, source));
    triggers.start();
    System.out.println(LISTENING);
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(2));
    triggers.close();
    engine.close();
    ds.close();
  }
}

package dev.tyboo.nodes.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * An Apache Kafka broker (KRaft, one node acting as broker and controller) in a JVM of its own,
 * started once for the test JVM from the class path that the {@code kafka-test-broker} module
 * wrote, and stopped when the test JVM ends. Nothing to install: the broker comes from Maven
 * Central like any test dependency. Tests fail, never skip, when it does not start.
 */
final class KafkaBroker {

  private static KafkaBroker running;

  /** The broker's {@code host:port}. */
  final String bootstrap;

  private final Process process;

  private KafkaBroker() throws Exception {
    Path classpathFile = Path.of("../kafka-test-broker/target/broker-classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException(
          "no " + classpathFile.toAbsolutePath() + ": build the kafka-test-broker module first");
    }
    String classpath = Files.readString(classpathFile).strip();
    int port = freePort();
    int controller = freePort();
    Path dir = Files.createTempDirectory("tyboo-kafka-");
    Path config = dir.resolve("server.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controller,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "num.partitions=1",
            ""));
    String java = ProcessHandle.current().info().command().orElse("java");
    run(
        dir.resolve("format.log"),
        List.of(
            java,
            "-cp",
            classpath,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            UUID.randomUUID().toString().replace("-", "").substring(0, 22),
            "-c",
            config.toString()));
    List<String> command =
        new ArrayList<>(
            List.of(java, "-Xmx512m", "-cp", classpath, "kafka.Kafka", config.toString()));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("broker.log").toFile())
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException(
              "the Kafka broker did not start: " + Files.readString(dir.resolve("broker.log")));
        }
        Thread.sleep(100);
      }
    }
    bootstrap = "127.0.0.1:" + port;
  }

  /** {@return the broker, started on first use} */
  static synchronized KafkaBroker get() throws Exception {
    if (running == null) {
      running = new KafkaBroker();
    }
    return running;
  }

  /** {@return a {@code kafka} credential for it, with a short group session} */
  Map<String, Object> credential() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("bootstrapServers", bootstrap);
    c.put("properties", Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
    return c;
  }

  private static void run(Path log, List<String> command) throws Exception {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "formatting the Kafka storage failed: " + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

package dev.tyboo.nodes.messaging.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The NATS server of the test machine, with JetStream: {@code TYBOO_TEST_NATS_URL} ({@code
 * nats://127.0.0.1:4222}). Tests fail, never skip, when it is down.
 */
public final class NatsServer {

  /** The server's URL. */
  public static final String URL =
      System.getenv().getOrDefault("TYBOO_TEST_NATS_URL", "nats://127.0.0.1:4222");

  private NatsServer() {}

  /** {@return a {@code nats} credential for it} */
  public static Map<String, Object> credential() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("servers", URL);
    return c;
  }

  /**
   * {@return a connection of the test's own}
   *
   * @throws Exception when the server cannot be reached
   */
  public static Connection connect() throws Exception {
    return Nats.connect(URL);
  }

  /**
   * Creates a stream of the test's own, taking the subjects below a fresh prefix.
   *
   * @param nc a connection
   * @return the stream's name; its subjects are {@code <name>.>}
   * @throws Exception when JetStream refuses
   */
  public static String newStream(Connection nc) throws Exception {
    String name = "TYBOO_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    nc.jetStreamManagement()
        .addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").build());
    return name;
  }

  /**
   * Deletes a stream.
   *
   * @param nc a connection
   * @param name the stream
   * @throws Exception when JetStream refuses
   */
  public static void deleteStream(Connection nc, String name) throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    jsm.deleteStream(name);
  }

  /** A nats-server of the test's own that knows one user, {@code tyboo}/{@code right}. */
  static final class WithPasswords implements AutoCloseable {
    final int port;
    private final Process process;

    WithPasswords(Path dir) throws Exception {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path log = dir.resolve("nats.log");
      process =
          new ProcessBuilder(
                  Files.isExecutable(Path.of("/usr/sbin/nats-server"))
                      ? "/usr/sbin/nats-server"
                      : "nats-server",
                  "-a",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "--user",
                  "tyboo",
                  "--pass",
                  "right")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          return;
        } catch (java.io.IOException notYet) {
          if (System.nanoTime() > deadline || !process.isAlive()) {
            throw new IllegalStateException("nats-server did not start: " + Files.readString(log));
          }
          Thread.sleep(50);
        }
      }
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}

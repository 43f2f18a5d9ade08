package dev.tyboo.nodes.messaging.redis;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;

/**
 * The Redis of the test machine: {@code TYBOO_TEST_REDIS_HOST} (127.0.0.1) and {@code
 * TYBOO_TEST_REDIS_PORT} (6379), no password. Tests fail, never skip, when it is down.
 */
final class RedisServer {

  static final String HOST = System.getenv().getOrDefault("TYBOO_TEST_REDIS_HOST", "127.0.0.1");
  static final int PORT =
      Integer.parseInt(System.getenv().getOrDefault("TYBOO_TEST_REDIS_PORT", "6379"));

  private RedisServer() {}

  static Map<String, Object> credential() {
    return Map.of("host", HOST, "port", PORT);
  }

  static RedisClient client() {
    return RedisClient.create(HOST, PORT);
  }

  /** A redis-server of the test's own that requires the password {@code right}. */
  static final class WithPassword implements AutoCloseable {
    final int port;
    private final Process process;

    WithPassword(Path dir) throws Exception {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        port = s.getLocalPort();
      }
      process =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--requirepass",
                  "right",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          return;
        } catch (java.io.IOException notYet) {
          if (System.nanoTime() > deadline || !process.isAlive()) {
            throw new IllegalStateException("redis-server did not start on " + port);
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

package dev.tyboo.nodes.messaging.mqtt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The Mosquitto of the test machine: {@code TYBOO_TEST_MQTT_HOST} (127.0.0.1) and {@code
 * TYBOO_TEST_MQTT_PORT} (1883), anonymous. Tests fail, never skip, when it is down.
 */
final class MqttBroker {

  static final String HOST = System.getenv().getOrDefault("TYBOO_TEST_MQTT_HOST", "127.0.0.1");
  static final int PORT =
      Integer.parseInt(System.getenv().getOrDefault("TYBOO_TEST_MQTT_PORT", "1883"));

  private MqttBroker() {}

  static Map<String, Object> credential() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("host", HOST);
    c.put("port", PORT);
    return c;
  }

  static MqttClient client(String id, boolean cleanSession) throws Exception {
    MqttClient client = new MqttClient("tcp://" + HOST + ":" + PORT, id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(cleanSession);
    client.connect(o);
    return client;
  }

  /**
   * Ends a persistent session, so that tests leave none behind on the broker.
   *
   * @param clientId the session's client id
   * @throws Exception when the broker cannot be reached
   */
  static void forget(String clientId) throws Exception {
    MqttClient c = client(clientId, true);
    c.disconnect();
    c.close();
  }

  /**
   * A Mosquitto of the test's own that refuses anonymous clients and knows one user, {@code
   * tyboo}/{@code right}: the machine's {@code mosquitto} binary on a free port.
   */
  static final class WithPasswords implements AutoCloseable {
    final int port;
    private final Process process;

    WithPasswords(Path dir) throws Exception {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        port = s.getLocalPort();
      }
      // mosquitto started as root drops to its own user, which must be able to read these files
      Files.setPosixFilePermissions(
          dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Path passwords = dir.resolve("passwords");
      Process p =
          new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), "tyboo", "right")
              .redirectErrorStream(true)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
      }
      Files.setPosixFilePermissions(
          passwords, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      Path conf = dir.resolve("mosquitto.conf");
      Files.writeString(
          conf,
          "listener "
              + port
              + " 127.0.0.1\nallow_anonymous false\npassword_file "
              + passwords
              + "\n");
      process =
          new ProcessBuilder("mosquitto", "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("mosquitto.log").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          return;
        } catch (java.io.IOException notYet) {
          if (System.nanoTime() > deadline || !process.isAlive()) {
            throw new IllegalStateException(
                "mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
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

package dev.tyboo.nodes.messaging.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The RabbitMQ of the test machine: {@code TYBOO_TEST_RABBITMQ_HOST} (127.0.0.1) and {@code
 * TYBOO_TEST_RABBITMQ_PORT} (5672), guest/guest. Tests fail, never skip, when it is down.
 */
final class Broker {

  static final String HOST = System.getenv().getOrDefault("TYBOO_TEST_RABBITMQ_HOST", "127.0.0.1");
  static final int PORT =
      Integer.parseInt(System.getenv().getOrDefault("TYBOO_TEST_RABBITMQ_PORT", "5672"));

  private Broker() {}

  static Map<String, Object> credential() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("host", HOST);
    c.put("port", PORT);
    c.put("username", "guest");
    c.put("password", "guest");
    return c;
  }

  static Connection connect() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(HOST);
    f.setPort(PORT);
    return f.newConnection("tyboo-test");
  }

  /** {@return a new durable queue's name} */
  static String newQueue(Channel channel) throws Exception {
    String queue = "tyboo-test-" + UUID.randomUUID();
    channel.queueDeclare(queue, true, false, false, null);
    return queue;
  }
}

package dev.tyboo.nodes.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.nodes.messaging.email.EmailTrigger;
import dev.tyboo.nodes.messaging.email.SendEmail;
import dev.tyboo.nodes.messaging.mqtt.MqttPublish;
import dev.tyboo.nodes.messaging.mqtt.MqttTrigger;
import dev.tyboo.nodes.messaging.nats.NatsPublish;
import dev.tyboo.nodes.messaging.nats.NatsServer;
import dev.tyboo.nodes.messaging.nats.NatsTrigger;
import dev.tyboo.nodes.messaging.rabbitmq.RabbitMqPublish;
import dev.tyboo.nodes.messaging.rabbitmq.RabbitMqTrigger;
import dev.tyboo.nodes.messaging.redis.RedisCommand;
import dev.tyboo.nodes.messaging.redis.RedisPubSubTrigger;
import dev.tyboo.nodes.messaging.redis.RedisStreamTrigger;
import dev.tyboo.testkit.node.NodeExample;
import dev.tyboo.testkit.node.NodeTypeContract;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import redis.clients.jedis.RedisClient;

/**
 * Every messaging node meets {@link NodeTypeContract}, against the real RabbitMQ, Mosquitto, NATS
 * and Redis.
 */
class MessagingCatalogueContractTest {

  private static final String HOST =
      System.getenv().getOrDefault("TYBOO_TEST_RABBITMQ_HOST", "127.0.0.1");
  private static final int PORT =
      Integer.parseInt(System.getenv().getOrDefault("TYBOO_TEST_RABBITMQ_PORT", "5672"));
  private static final Map<String, Object> BROKER =
      Map.of("host", HOST, "port", PORT, "username", "guest", "password", "guest");
  private static final String QUEUE = "tyboo-contract-" + UUID.randomUUID();
  private static final Map<String, Object> MQTT =
      Map.of(
          "host", System.getenv().getOrDefault("TYBOO_TEST_MQTT_HOST", "127.0.0.1"),
          "port", Integer.parseInt(System.getenv().getOrDefault("TYBOO_TEST_MQTT_PORT", "1883")));

  private static final String REDIS_KEY = "tyboo:contract:" + UUID.randomUUID();

  private static Connection connection;
  private static final GreenMail MAIL =
      new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

  @BeforeAll
  static void startMail() {
    MAIL.start();
    MAIL.setUser("ada@example.com", "ada", "ada-pass");
  }

  @AfterAll
  static void stopMail() {
    MAIL.stop();
  }

  @BeforeAll
  static void declareQueue() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(HOST);
    f.setPort(PORT);
    connection = f.newConnection();
    try (Channel c = connection.createChannel()) {
      c.queueDeclare(QUEUE, true, false, false, null);
    }
  }

  @AfterAll
  static void deleteRedisKeys() {
    try (RedisClient redis =
        RedisClient.create(
            System.getenv().getOrDefault("TYBOO_TEST_REDIS_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("TYBOO_TEST_REDIS_PORT", "6379")))) {
      for (String k : redis.keys(REDIS_KEY + "*")) {
        redis.del(k);
      }
    }
  }

  @AfterAll
  static void deleteQueue() throws Exception {
    try (Channel c = connection.createChannel()) {
      c.queueDelete(QUEUE);
    }
    connection.close();
  }

  private static Map<String, List<NodeExample>> examples() {
    List<Item> order = Item.listOf(Map.of("order", 1));
    Map<String, Object> redis =
        Map.of(
            "host", System.getenv().getOrDefault("TYBOO_TEST_REDIS_HOST", "127.0.0.1"),
            "port",
                Integer.parseInt(System.getenv().getOrDefault("TYBOO_TEST_REDIS_PORT", "6379")));
    String key = REDIS_KEY;
    Map<String, Object> smtp =
        Map.of("host", "127.0.0.1", "port", MAIL.getSmtp().getPort(), "security", "none");
    Map<String, Object> imap =
        Map.of(
            "host", "127.0.0.1",
            "port", MAIL.getImap().getPort(),
            "security", "none",
            "username", "ada",
            "password", "ada-pass");
    Map<String, List<NodeExample>> all = new java.util.HashMap<>();
    all.put(
        RedisPubSubTrigger.TYPE,
        List.of(
            NodeExample.of(
                    "passes the message's items on",
                    Map.of(
                        "channels", List.of("orders.*"), "pattern", true, "maxMessageBytes", 4096))
                .credential("redis", redis)
                .input(order)
                .expect("main", order)));
    all.putAll(
        Map.of(
            SendEmail.TYPE,
            List.of(
                NodeExample.of(
                        "sends a message with copies",
                        Map.of(
                            "from", "shop@example.com",
                            "to", "ada@example.com",
                            "cc", "ada@example.com",
                            "bcc", "ada@example.com",
                            "replyTo", "help@example.com",
                            "subject", "Order {{ $json.order }}",
                            "text", "text",
                            "html", "<p>html</p>",
                            "attachments", List.of()))
                    .credential("smtp", smtp)
                    .input(order)),
            EmailTrigger.TYPE,
            List.of(
                NodeExample.of(
                        "passes the email's items on",
                        Map.of(
                            "mailbox", "INBOX",
                            "pollInterval", "PT1M",
                            "keyword", "Started",
                            "maxMessageBytes", 1000,
                            "batchSize", 5))
                    .credential("imap", imap)
                    .input(order)
                    .expect("main", order)),
            RedisCommand.TYPE,
            List.of(
                NodeExample.of(
                        "sets a key for a minute",
                        Map.of(
                            "operation", "set",
                            "key", key,
                            "value", "order {{ $json.order }}",
                            "ttl", "PT1M",
                            "destination", "written"))
                    .credential("redis", redis)
                    .input(order)
                    .expect("main", Item.listOf(Map.of("order", 1, "written", "OK"))),
                NodeExample.of(
                        "writes a hash field",
                        Map.of("operation", "hset", "key", key + ":h", "field", "f", "value", "v"))
                    .credential("redis", redis)
                    .input(order),
                NodeExample.of(
                        "counts and reads a range",
                        Map.of(
                            "operation",
                            "lrange",
                            "key",
                            key + ":l",
                            "by",
                            1,
                            "start",
                            0,
                            "stop",
                            -1))
                    .credential("redis", redis)
                    .input(order)
                    .expect("main", Item.listOf(Map.of("order", 1, "result", List.of())))),
            RedisStreamTrigger.TYPE,
            List.of(
                NodeExample.of(
                        "passes the entry's items on",
                        Map.of(
                            "stream",
                            key + ":s",
                            "group",
                            "g",
                            "batchSize",
                            5,
                            "claimIdleAfter",
                            "PT10S"))
                    .credential("redis", redis)
                    .input(order)
                    .expect("main", order)),
            MqttPublish.TYPE,
            List.of(
                NodeExample.of(
                        "publishes an item to a topic",
                        Map.of(
                            "topic",
                            "tyboo/contract/{{ $json.order }}",
                            "message",
                            "order {{ $json.order }}",
                            "qos",
                            1,
                            "retain",
                            false,
                            "addMessageId",
                            true))
                    .credential("mqtt", MQTT)
                    .input(order)),
            MqttTrigger.TYPE,
            List.of(
                NodeExample.of(
                        "passes the message's items on",
                        Map.of(
                            "topic",
                            "tyboo/contract/#",
                            "qos",
                            1,
                            "messageIdField",
                            "id",
                            "maxPayloadBytes",
                            4096))
                    .credential("mqtt", MQTT)
                    .input(order)
                    .expect("main", order)),
            NatsPublish.TYPE,
            List.of(
                NodeExample.of(
                        "publishes an item to a subject with a header",
                        Map.of(
                            "subject",
                            "tyboo.contract.{{ $json.order }}",
                            "message",
                            "order {{ $json.order }}",
                            "jetStream",
                            false,
                            "headers",
                            Map.of("X-Shop", "acme")))
                    .credential("nats", NatsServer.credential())
                    .input(order)),
            NatsTrigger.TYPE,
            List.of(
                NodeExample.of(
                        "passes the message's items on",
                        Map.of(
                            "subject", "orders.>",
                            "stream", "ORDERS",
                            "consumer", "billing",
                            "ackWait", "PT10S",
                            "maxPayloadBytes", 4096))
                    .credential("nats", NatsServer.credential())
                    .input(order)
                    .expect("main", order)),
            RabbitMqPublish.TYPE,
            List.of(
                NodeExample.of(
                        "publishes a text message to a queue",
                        Map.of(
                            "exchange", "",
                            "routingKey", QUEUE,
                            "message", "order {{ $json.order }}",
                            "contentType", "text/plain",
                            "persistent", false,
                            "confirmTimeout", "PT10S"))
                    .credential("rabbitmq", BROKER)
                    .input(order)),
            RabbitMqTrigger.TYPE,
            List.of(
                NodeExample.of(
                        "passes the message's items on",
                        Map.of("queue", QUEUE, "prefetch", 5, "maxBodyBytes", 4096))
                    .credential("rabbitmq", BROKER)
                    .input(order)
                    .expect("main", order))));
    return all;
  }

  @TestFactory
  Stream<DynamicTest> every_messaging_node_meets_the_node_type_contract() {
    Map<String, List<NodeExample>> examples = examples();
    return new MessagingNodes()
        .nodeTypes().stream()
            .flatMap(
                (NodeType type) ->
                    NodeTypeContract.tests(
                        type,
                        examples.getOrDefault(type.descriptor().type(), List.of()),
                        Map.of()));
  }

  @Test
  void the_catalogue_is_found_by_the_service_loader() {
    List<String> types =
        java.util.ServiceLoader.load(dev.tyboo.node.NodeCatalog.class).stream()
            .flatMap(p -> p.get().nodeTypes().stream())
            .map(t -> t.descriptor().type())
            .toList();
    assertThat(types)
        .contains(
            RabbitMqPublish.TYPE,
            RabbitMqTrigger.TYPE,
            MqttPublish.TYPE,
            MqttTrigger.TYPE,
            NatsPublish.TYPE,
            NatsTrigger.TYPE,
            RedisCommand.TYPE,
            RedisStreamTrigger.TYPE,
            RedisPubSubTrigger.TYPE,
            SendEmail.TYPE,
            EmailTrigger.TYPE);
  }
}

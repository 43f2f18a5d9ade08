package dev.tyboo.nodes.messaging;

import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeType;
import dev.tyboo.nodes.messaging.email.EmailTrigger;
import dev.tyboo.nodes.messaging.email.SendEmail;
import dev.tyboo.nodes.messaging.mqtt.MqttPublish;
import dev.tyboo.nodes.messaging.mqtt.MqttTrigger;
import dev.tyboo.nodes.messaging.nats.NatsPublish;
import dev.tyboo.nodes.messaging.nats.NatsTrigger;
import dev.tyboo.nodes.messaging.rabbitmq.RabbitMqPublish;
import dev.tyboo.nodes.messaging.rabbitmq.RabbitMqTrigger;
import dev.tyboo.nodes.messaging.redis.RedisCommand;
import dev.tyboo.nodes.messaging.redis.RedisPubSubTrigger;
import dev.tyboo.nodes.messaging.redis.RedisStreamTrigger;
import java.util.List;

/**
 * The engine-nodes-messaging catalogue, found by {@link java.util.ServiceLoader} as a {@link
 * NodeCatalog}: RabbitMQ, MQTT and NATS (publish and trigger), Redis (commands and a stream
 * trigger), email (SMTP and an IMAP trigger).
 */
public final class MessagingNodes implements NodeCatalog {

  /** For {@link java.util.ServiceLoader}. */
  public MessagingNodes() {}

  @Override
  public List<NodeType> nodeTypes() {
    return List.of(
        RabbitMqPublish.type(),
        RabbitMqTrigger.type(),
        MqttPublish.type(),
        MqttTrigger.type(),
        NatsPublish.type(),
        NatsTrigger.type(),
        RedisCommand.type(),
        RedisStreamTrigger.type(),
        RedisPubSubTrigger.type(),
        SendEmail.type(),
        EmailTrigger.type());
  }
}

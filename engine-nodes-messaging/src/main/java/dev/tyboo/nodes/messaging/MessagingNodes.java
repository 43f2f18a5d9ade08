package dev.tyboo.nodes.messaging;

import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeType;
import dev.tyboo.nodes.messaging.rabbitmq.RabbitMqPublish;
import dev.tyboo.nodes.messaging.rabbitmq.RabbitMqTrigger;
import java.util.List;

/**
 * The engine-nodes-messaging catalogue, found by {@link java.util.ServiceLoader} as a {@link
 * NodeCatalog}: RabbitMQ publish and trigger.
 */
public final class MessagingNodes implements NodeCatalog {

  /** For {@link java.util.ServiceLoader}. */
  public MessagingNodes() {}

  @Override
  public List<NodeType> nodeTypes() {
    return List.of(RabbitMqPublish.type(), RabbitMqTrigger.type());
  }
}

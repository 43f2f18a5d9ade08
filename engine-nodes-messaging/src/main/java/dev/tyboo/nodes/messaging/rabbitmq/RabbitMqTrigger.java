package dev.tyboo.nodes.messaging.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.Delivery;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.trigger.EventTrigger;
import dev.tyboo.nodes.trigger.TriggerHandOff;
import dev.tyboo.nodes.trigger.TriggerSetup;
import dev.tyboo.nodes.trigger.TriggerSubscription;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts its workflow for every message of a RabbitMQ queue (JSON type {@code rabbitmqTrigger}),
 * through {@link dev.tyboo.nodes.trigger.Triggers}. A message is acknowledged once the execution it
 * starts is stored; a message delivered again (the process died before acknowledging it) starts no
 * second execution, because its {@code message_id} deduplicates the start. Messages without a
 * {@code message_id} are started each time they arrive.
 *
 * <p>The trigger outputs one item per message: {@code body} (parsed when the content type is JSON,
 * else text), {@code messageId}, {@code exchange}, {@code routingKey}, {@code contentType}, {@code
 * headers} and {@code redelivered}. A message longer than {@code maxBodyBytes} is rejected without
 * requeueing (to the queue's dead-letter exchange, if it has one) rather than loaded.
 *
 * <pre>{@code
 * Workflow.named("orders")
 *     .node("queue", RabbitMqTrigger.queue("orders"), o -> o.credential("rabbitmq", "broker"))
 *     ...
 * }</pre>
 */
public final class RabbitMqTrigger implements EventTrigger {

  /** The JSON type name. */
  public static final String TYPE = "rabbitmqTrigger";

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqTrigger.class);

  /**
   * The trigger's parameters.
   *
   * @param queue the queue to consume
   * @param prefetch how many unacknowledged messages the broker sends ahead
   * @param maxBodyBytes the longest message accepted
   */
  record Parameters(
      @Param(required = true) String queue,
      @Param(defaultValue = "10") int prefetch,
      @Param(defaultValue = "1048576") int maxBodyBytes) {}

  static final RabbitMqTrigger INSTANCE = new RabbitMqTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("RabbitMQ Trigger")
          .description("Starts the workflow for every message of a RabbitMQ queue")
          .inputs()
          .credentialType(RabbitMqConnections.CREDENTIAL)
          .parameters(Parameters.class)
          .build();

  private RabbitMqTrigger() {}

  /** {@return the node type, for registries} */
  public static RabbitMqTrigger type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger on a queue}
   *
   * @param queue the queue's name
   */
  public static NodeDefinition queue(String queue) {
    return NodeDefinition.of(INSTANCE, Map.of("queue", Objects.requireNonNull(queue, "queue")));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public TriggerSubscription listen(TriggerSetup setup, TriggerHandOff handOff)
      throws IOException, java.util.concurrent.TimeoutException {
    String queue = setup.string("queue");
    int prefetch = setup.integer("prefetch", 1, 10_000);
    int maxBody = setup.integer("maxBodyBytes", 1, Integer.MAX_VALUE);
    Connection connection =
        RabbitMqConnections.open(
            setup.credential(RabbitMqConnections.CREDENTIAL),
            "tyboo-trigger " + setup.workflowName());
    try {
      Channel channel = connection.createChannel();
      channel.basicQos(prefetch);
      DeliverCallback onMessage =
          (tag, delivery) -> deliver(setup, handOff, channel, delivery, maxBody);
      String consumer;
      try {
        consumer = channel.basicConsume(queue, false, onMessage, tag -> {});
      } catch (IOException e) {
        throw new IOException(
            "cannot consume queue '" + queue + "': " + RabbitMqConnections.describe(e), e);
      }
      return () -> {
        try {
          if (channel.isOpen()) {
            channel.basicCancel(consumer);
          }
        } catch (IOException | RuntimeException e) {
          LOG.debug("cancelling consumer {} failed", consumer, e);
        }
        try {
          connection.close(5_000);
        } catch (IOException | RuntimeException e) {
          LOG.debug("closing the connection of workflow '{}' failed", setup.workflowName(), e);
        }
      };
    } catch (IOException | RuntimeException e) {
      connection.abort();
      throw e;
    }
  }

  private static void deliver(
      TriggerSetup setup, TriggerHandOff handOff, Channel channel, Delivery d, int maxBody)
      throws IOException {
    long tag = d.getEnvelope().getDeliveryTag();
    AMQP.BasicProperties props = d.getProperties();
    if (d.getBody().length > maxBody) {
      LOG.warn(
          "workflow '{}': message {} of {} bytes is over maxBodyBytes {}; rejected",
          setup.workflowName(),
          props.getMessageId(),
          d.getBody().length,
          maxBody);
      channel.basicReject(tag, false);
      return;
    }
    try {
      handOff.handOff(props.getMessageId(), List.of(item(d)));
    } catch (RuntimeException e) {
      LOG.warn(
          "workflow '{}': message {} not started, handed back for redelivery",
          setup.workflowName(),
          props.getMessageId(),
          e);
      channel.basicNack(tag, false, true);
      return;
    }
    channel.basicAck(tag, false);
  }

  private static Item item(Delivery d) {
    AMQP.BasicProperties props = d.getProperties();
    String text = new String(d.getBody(), StandardCharsets.UTF_8);
    Object body = text;
    String contentType = props.getContentType();
    if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      try {
        body = JSON.readValue(text, Object.class);
      } catch (IOException e) {
        body = text; // not JSON after all: the text, as it came
      }
    }
    Map<String, Object> headers = new LinkedHashMap<>();
    if (props.getHeaders() != null) {
      props.getHeaders().forEach((k, v) -> headers.put(k, String.valueOf(v)));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("body", body);
    json.put("messageId", props.getMessageId());
    json.put("exchange", d.getEnvelope().getExchange());
    json.put("routingKey", d.getEnvelope().getRoutingKey());
    json.put("contentType", contentType);
    json.put("headers", headers);
    json.put("redelivered", d.getEnvelope().isRedeliver());
    return Item.of(json);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

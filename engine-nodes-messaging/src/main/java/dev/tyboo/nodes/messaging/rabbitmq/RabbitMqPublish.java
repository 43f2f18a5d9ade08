package dev.tyboo.nodes.messaging.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Publishes one message per item to RabbitMQ (JSON type {@code rabbitmqPublish}), with publisher
 * confirms: the node succeeds only once the broker has taken every message. Each message's {@code
 * message_id} is the node call's idempotency key and the item's index ({@code
 * <executionId>/<nodeId>/<run>/<item>}), the same on every attempt, so that a consumer (a Tyboo
 * RabbitMQ trigger among them) drops a message a retried node sent twice.
 *
 * <p>Output: per item, {@code {exchange, routingKey, messageId}}. Errors: a refused login or a
 * missing exchange fail without retry; a broker that cannot be reached or does not confirm in
 * {@code confirmTimeout} fails retryably.
 *
 * <pre>{@code
 * .node("publish", RabbitMqPublish.toQueue("orders"), o -> o.credential("rabbitmq", "broker"))
 * }</pre>
 */
public final class RabbitMqPublish {

  /** The JSON type name. */
  public static final String TYPE = "rabbitmqPublish";

  /**
   * The node's parameters.
   *
   * @param exchange the exchange; none (or empty) for the default exchange, which routes to the
   *     queue named by the routing key
   * @param routingKey the routing key (a queue name with the default exchange)
   * @param message the message text; by default the item's JSON
   * @param contentType the message's content type
   * @param persistent whether the broker writes the message to disk
   * @param confirmTimeout how long to wait for the broker's confirms
   */
  record Parameters(
      @Param(description = "none for the default exchange") String exchange,
      @Param(required = true) String routingKey,
      @Param(description = "the message text; by default the item's JSON") String message,
      @Param(defaultValue = "application/json") String contentType,
      @Param(defaultValue = "true") boolean persistent,
      @Param(defaultValue = "PT30S") Duration confirmTimeout) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("RabbitMQ Publish")
              .description("Publishes each item as a message to a RabbitMQ exchange or queue")
              .credentialType(RabbitMqConnections.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          RabbitMqPublish::execute);

  private RabbitMqPublish() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that publishes each item's JSON to a queue through the default exchange}
   *
   * @param queue the queue's name
   */
  public static NodeDefinition toQueue(String queue) {
    return NodeDefinition.of(INSTANCE, Map.of("routingKey", Objects.requireNonNull(queue)));
  }

  /**
   * {@return a node that publishes each item's JSON to an exchange}
   *
   * @param exchange the exchange
   * @param routingKey the routing key; may be an expression such as {@code {{ $json.region }}}
   */
  public static NodeDefinition toExchange(String exchange, String routingKey) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "exchange",
            Objects.requireNonNull(exchange),
            "routingKey",
            Objects.requireNonNull(routingKey)));
  }

  private static NodeResult execute(NodeContext ctx) throws Exception {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    Map<String, Object> credential = ctx.credential(RabbitMqConnections.CREDENTIAL);
    List<Item> out = new ArrayList<>(input.size());
    try (Connection connection = RabbitMqConnections.open(credential, "tyboo-publish");
        Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      Duration timeout = Duration.ofSeconds(30);
      for (int i = 0; i < input.size(); i++) {
        Parameters p = ctx.parameters(i, Parameters.class);
        timeout = p.confirmTimeout();
        String messageId = ctx.idempotencyKey() + "/" + i;
        byte[] body =
            p.message() != null
                ? p.message().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(input.get(i).json());
        AMQP.BasicProperties props =
            new AMQP.BasicProperties.Builder()
                .messageId(messageId)
                .contentType(p.contentType())
                .deliveryMode(p.persistent() ? 2 : 1)
                .build();
        String exchange = p.exchange() == null ? "" : p.exchange();
        channel.basicPublish(exchange, p.routingKey(), true, props, body);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("exchange", exchange);
        json.put("routingKey", p.routingKey());
        json.put("messageId", messageId);
        out.add(Item.of(json));
      }
      channel.waitForConfirmsOrDie(Math.max(1, timeout.toMillis()));
    } catch (AuthenticationFailureException e) {
      throw NodeFailure.of("RabbitMQ refused the credential's login: " + e.getMessage());
    } catch (IOException | ShutdownSignalException e) {
      ShutdownSignalException signal =
          e instanceof ShutdownSignalException s
              ? s
              : e.getCause() instanceof ShutdownSignalException s ? s : null;
      if (signal != null && signal.getReason() instanceof AMQP.Channel.Close close) {
        // a channel closed by the broker: a missing exchange (404), access refused (403)
        throw NodeFailure.of(
            "RabbitMQ refused the publish: " + close.getReplyCode() + " " + close.getReplyText());
      }
      throw NodeFailure.retryable(0, "RabbitMQ cannot be reached: " + e.getMessage(), e);
    } catch (TimeoutException e) {
      throw NodeFailure.retryable(
          0, "RabbitMQ did not confirm the messages in time: " + e.getMessage(), e);
    }
    return NodeResult.of(out);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

package dev.tyboo.nodes.messaging.mqtt;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Publishes one MQTT message per item (JSON type {@code mqttPublish}); with QoS 1 or 2 the node
 * succeeds only once the broker has acknowledged every message. MQTT 3.1.1 messages carry no id: a
 * consumer that must drop a message a retried node sent twice reads one from the payload (the
 * {@code messageId} this node adds to a JSON payload with {@code addMessageId}, which a Tyboo MQTT
 * trigger reads with {@code messageIdField}).
 *
 * <pre>{@code
 * .node("publish", MqttPublish.to("sensors/alerts"), o -> o.credential("mqtt", "broker"))
 * }</pre>
 */
public final class MqttPublish {

  /** The JSON type name. */
  public static final String TYPE = "mqttPublish";

  /**
   * The node's parameters.
   *
   * @param topic the topic
   * @param message the payload text; by default the item's JSON
   * @param qos the quality of service: 0 at most once, 1 at least once, 2 exactly once
   * @param retain whether the broker keeps the message for future subscribers
   * @param addMessageId whether to add {@code messageId} (the node call's idempotency key and the
   *     item's index) to the item's JSON payload
   */
  record Parameters(
      @Param(required = true) String topic,
      @Param(description = "the payload text; by default the item's JSON") String message,
      @Param(defaultValue = "1", description = "0, 1 or 2") int qos,
      @Param(defaultValue = "false") boolean retain,
      @Param(defaultValue = "true") boolean addMessageId) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("MQTT Publish")
              .description("Publishes each item as a message to an MQTT topic")
              .credentialType(MqttConnections.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          MqttPublish::execute);

  private MqttPublish() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that publishes each item's JSON to a topic, at least once}
   *
   * @param topic the topic; may be an expression such as {@code sensors/{{ $json.room }}}
   */
  public static NodeDefinition to(String topic) {
    return NodeDefinition.of(INSTANCE, Map.of("topic", Objects.requireNonNull(topic, "topic")));
  }

  private static NodeResult execute(NodeContext ctx) throws Exception {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    Map<String, Object> credential = ctx.credential(MqttConnections.CREDENTIAL);
    List<Item> out = new ArrayList<>(input.size());
    MqttClient client;
    try {
      client = MqttConnections.connect(credential, MqttClient.generateClientId(), true);
    } catch (MqttException e) {
      if (MqttConnections.refusedLogin(e)) {
        throw NodeFailure.of("the MQTT broker refused the credential's login: " + e.getMessage());
      }
      throw NodeFailure.retryable(0, "the MQTT broker cannot be reached: " + e.getMessage(), e);
    }
    try {
      for (int i = 0; i < input.size(); i++) {
        Parameters p = ctx.parameters(i, Parameters.class);
        if (p.qos() < 0 || p.qos() > 2) {
          throw NodeFailure.badParameter("qos", i, "must be 0, 1 or 2", p.qos());
        }
        String messageId = ctx.idempotencyKey() + "/" + i;
        byte[] payload;
        if (p.message() != null) {
          payload = p.message().getBytes(StandardCharsets.UTF_8);
        } else {
          Map<String, Object> json = new LinkedHashMap<>(input.get(i).json());
          if (p.addMessageId()) {
            json.put("messageId", messageId);
          }
          payload = JSON.writeValueAsBytes(json);
        }
        MqttMessage message = new MqttMessage(payload);
        message.setQos(p.qos());
        message.setRetained(p.retain());
        try {
          client.publish(p.topic(), message); // waits for the broker's acknowledgement (QoS 1, 2)
        } catch (IllegalArgumentException e) {
          throw NodeFailure.badParameter("topic", i, e.getMessage(), p.topic());
        } catch (MqttException e) {
          throw NodeFailure.retryable(i, "publishing to MQTT failed: " + e.getMessage(), e);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", p.topic());
        json.put("qos", p.qos());
        json.put("messageId", messageId);
        out.add(Item.of(json));
      }
    } finally {
      try {
        client.disconnect(5_000);
      } catch (MqttException e) {
        client.disconnectForcibly(1_000, 1_000);
      }
      client.close(true);
    }
    return NodeResult.of(out);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

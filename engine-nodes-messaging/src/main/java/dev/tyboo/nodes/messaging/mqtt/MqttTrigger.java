package dev.tyboo.nodes.messaging.mqtt;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts its workflow for every MQTT message on a topic filter (JSON type {@code mqttTrigger}),
 * through {@link dev.tyboo.nodes.trigger.Triggers}. It subscribes with a persistent session (a
 * client id fixed by the workflow and node, clean session off) and acknowledges a QoS 1 or 2
 * message only once the execution it starts is stored: a message that arrived while the process was
 * down, or that it received but did not acknowledge before dying, is delivered again when the
 * trigger listens again, in this process or another with the same workflow.
 *
 * <p>MQTT 3.1.1 messages carry no id, so the trigger reads one from a JSON payload's {@code
 * messageIdField} ({@code messageId}, which {@link MqttPublish} adds); a message delivered twice
 * with that field starts one execution, one without it an execution per delivery. While the
 * execution cannot be stored (the database is down), the message is held and tried again, and the
 * following messages wait behind it, in order.
 *
 * <p>The trigger outputs one item per message: {@code payload} (parsed when it is JSON, else text),
 * {@code topic}, {@code messageId}, {@code qos}, {@code retained}, {@code duplicate}. A payload
 * longer than {@code maxPayloadBytes} is acknowledged and dropped with a warning (MQTT cannot
 * refuse a message).
 */
public final class MqttTrigger implements EventTrigger {

  /** The JSON type name. */
  public static final String TYPE = "mqttTrigger";

  private static final Logger LOG = LoggerFactory.getLogger(MqttTrigger.class);

  /**
   * The trigger's parameters.
   *
   * @param topic the topic filter ({@code +} and {@code #} wildcards allowed)
   * @param qos the subscription's quality of service: 1 or 2 for at least once
   * @param messageIdField the JSON payload field that identifies a message
   * @param maxPayloadBytes the longest payload accepted
   */
  record Parameters(
      @Param(required = true) String topic,
      @Param(defaultValue = "1", description = "0, 1 or 2") int qos,
      @Param(defaultValue = "messageId") String messageIdField,
      @Param(defaultValue = "1048576") int maxPayloadBytes) {}

  static final MqttTrigger INSTANCE = new MqttTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("MQTT Trigger")
          .description("Starts the workflow for every MQTT message on a topic")
          .inputs()
          .credentialType(MqttConnections.CREDENTIAL)
          .parameters(Parameters.class)
          .build();

  private MqttTrigger() {}

  /** {@return the node type, for registries} */
  public static MqttTrigger type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger on a topic filter, at least once}
   *
   * @param topic the topic filter
   */
  public static NodeDefinition topic(String topic) {
    return NodeDefinition.of(INSTANCE, Map.of("topic", Objects.requireNonNull(topic, "topic")));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  /**
   * {@return the client id of a trigger's session: the same for a workflow's trigger node in every
   * process, so that a new listener resumes the session of one that died}
   *
   * @param workflowName the workflow
   * @param nodeId the trigger node
   */
  static String clientId(String workflowName, String nodeId) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((workflowName + "\u0000" + nodeId).getBytes(StandardCharsets.UTF_8));
      return "tyboo-" + HexFormat.of().formatHex(h, 0, 8); // 22 characters: within MQTT's 23
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public TriggerSubscription listen(TriggerSetup setup, TriggerHandOff handOff)
      throws MqttException {
    String topic = setup.string("topic");
    int qos = setup.integer("qos", 0, 2);
    String idField = setup.string("messageIdField");
    int maxPayload = setup.integer("maxPayloadBytes", 1, Integer.MAX_VALUE);
    Listener[] listener = new Listener[1];
    // the callback is set before the connection: a resumed session's messages arrive at once
    MqttClient client =
        MqttConnections.connect(
            setup.credential(MqttConnections.CREDENTIAL),
            clientId(setup.workflowName(), setup.nodeId()),
            false,
            c -> listener[0] = new Listener(setup, handOff, c, idField, maxPayload));
    try {
      client.subscribe(topic, qos);
    } catch (MqttException | IllegalArgumentException e) {
      client.disconnectForcibly(1_000, 1_000);
      client.close(true);
      throw e;
    }
    return () -> {
      listener[0].closed = true;
      try {
        // disconnect, never unsubscribe: the broker keeps the session and the messages for it
        client.disconnect(5_000);
      } catch (MqttException e) {
        LOG.debug("disconnecting the trigger of '{}' failed", setup.workflowName(), e);
      }
      try {
        client.close(true);
      } catch (MqttException e) {
        LOG.debug("closing the trigger of '{}' failed", setup.workflowName(), e);
      }
    };
  }

  /** Receives the messages of one trigger's session. */
  private static final class Listener implements MqttCallbackExtended {
    private final TriggerSetup setup;
    private final TriggerHandOff handOff;
    private final MqttClient client;
    private final String idField;
    private final int maxPayload;
    volatile boolean closed;

    Listener(
        TriggerSetup setup,
        TriggerHandOff handOff,
        MqttClient client,
        String idField,
        int maxPayload) {
      this.setup = setup;
      this.handOff = handOff;
      this.client = client;
      this.idField = idField;
      this.maxPayload = maxPayload;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws MqttException {
      byte[] payload = message.getPayload();
      if (payload.length > maxPayload) {
        LOG.warn(
            "workflow '{}': a message of {} bytes on '{}' is over maxPayloadBytes {}; dropped",
            setup.workflowName(),
            payload.length,
            topic,
            maxPayload);
        client.messageArrivedComplete(message.getId(), message.getQos());
        return;
      }
      Object body = body(payload);
      String messageId =
          body instanceof Map<?, ?> m && m.get(idField) instanceof Object id
              ? String.valueOf(id)
              : null;
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("payload", body);
      json.put("topic", topic);
      json.put("messageId", messageId);
      json.put("qos", message.getQos());
      json.put("retained", message.isRetained());
      json.put("duplicate", message.isDuplicate());
      if (handOff.handOffUntilStored(messageId, List.of(Item.of(json)), () -> closed) == null) {
        return; // not acknowledged: the broker delivers it again to the next listener
      }
      client.messageArrivedComplete(message.getId(), message.getQos());
    }

    private static Object body(byte[] payload) {
      String text = new String(payload, StandardCharsets.UTF_8);
      String t = text.strip();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          return JSON.readValue(text, Object.class);
        } catch (IOException e) {
          return text; // not JSON after all
        }
      }
      return text;
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        LOG.info("workflow '{}': reconnected to {}", setup.workflowName(), serverUri);
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      if (!closed) {
        LOG.warn(
            "workflow '{}': connection to the MQTT broker lost; reconnecting",
            setup.workflowName(),
            cause);
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

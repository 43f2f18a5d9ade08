package dev.tyboo.nodes.messaging.nats;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.trigger.EventTrigger;
import dev.tyboo.nodes.trigger.TriggerHandOff;
import dev.tyboo.nodes.trigger.TriggerSetup;
import dev.tyboo.nodes.trigger.TriggerSubscription;
import dev.tyboo.workflow.NodeDefinition;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts its workflow for every NATS message on a subject (JSON type {@code natsTrigger}), through
 * {@link dev.tyboo.nodes.trigger.Triggers}.
 *
 * <p>With {@code stream} set it is a JetStream durable consumer (by default {@code
 * tyboo_<workflow>_<node>}, shared by every process that registers the workflow, which split the
 * messages): a message is acknowledged only once the execution it starts is stored; one not
 * acknowledged within {@code ackWait} (a process died) is delivered again, to this process or
 * another. Its id is the {@code Nats-Msg-Id} header when there is one (which {@link NatsPublish}
 * sets), else {@code <stream>/<stream sequence>}, the same on every redelivery: a redelivered
 * message starts no second execution. While the engine cannot store the execution, the message is
 * held, tried again, and kept in progress with the server.
 *
 * <p>Without {@code stream} it subscribes with core NATS in the queue group {@code
 * tyboo.<workflow>} (processes split the messages): at most once, as core NATS is; a message
 * published while no process listens is lost.
 *
 * <p>Each message becomes one item: {@code subject}, {@code payload} (parsed when it is JSON, else
 * text), {@code messageId}, {@code headers}, and for JetStream {@code stream}, {@code sequence},
 * {@code deliveries}. A payload over {@code maxPayloadBytes} is dropped with a warning (JetStream:
 * terminated, not redelivered).
 */
public final class NatsTrigger implements EventTrigger {

  /** The JSON type name. */
  public static final String TYPE = "natsTrigger";

  private static final Logger LOG = LoggerFactory.getLogger(NatsTrigger.class);

  /**
   * The trigger's parameters.
   *
   * @param subject the subject, wildcards allowed ({@code orders.*}, {@code orders.>})
   * @param stream the JetStream stream to consume; none for core NATS
   * @param consumer the durable consumer's name; by default one per workflow and node
   * @param ackWait how long the server waits for an acknowledgement before it redelivers
   * @param maxPayloadBytes the longest payload accepted
   */
  record Parameters(
      @Param(required = true) String subject,
      @Param(description = "a JetStream stream; none for core NATS, at most once") String stream,
      @Param(description = "by default tyboo_<workflow>_<node>") String consumer,
      @Param(defaultValue = "PT30S") Duration ackWait,
      @Param(defaultValue = "1048576") int maxPayloadBytes) {}

  static final NatsTrigger INSTANCE = new NatsTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("NATS Trigger")
          .description("Starts the workflow for every NATS message: a JetStream consumer, or core")
          .inputs()
          .credentialType(NatsConnections.CREDENTIAL)
          .parameters(Parameters.class)
          .build();

  private NatsTrigger() {}

  /** {@return the node type, for registries} */
  public static NatsTrigger type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger consuming a JetStream stream's messages on a subject, at least once}
   *
   * @param stream the stream
   * @param subject the subject filter
   */
  public static NodeDefinition jetStream(String stream, String subject) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "stream", Objects.requireNonNull(stream, "stream"),
            "subject", Objects.requireNonNull(subject, "subject")));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  /**
   * {@return the durable consumer's default name: letters, digits, '_' and '-' only}
   *
   * @param workflowName the workflow
   * @param nodeId the trigger node
   */
  static String consumerName(String workflowName, String nodeId) {
    return ("tyboo_" + workflowName + "_" + nodeId).replaceAll("[^A-Za-z0-9_-]", "_");
  }

  @Override
  public TriggerSubscription listen(TriggerSetup setup, TriggerHandOff handOff)
      throws IOException, InterruptedException, JetStreamApiException {
    String subject = setup.string("subject");
    int maxPayload = setup.integer("maxPayloadBytes", 1, Integer.MAX_VALUE);
    String stream = setup.parameters().get("stream") instanceof String s && !s.isEmpty() ? s : null;
    Connection nc =
        NatsConnections.open(
            setup.credential(NatsConnections.CREDENTIAL), "tyboo-" + setup.workflowName());
    java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    try {
      if (stream == null) {
        Dispatcher dispatcher =
            nc.createDispatcher(
                m -> {
                  if (fits(setup, m, maxPayload)) {
                    handOff.handOffUntilStored(
                        header(m.getHeaders(), "Nats-Msg-Id"), List.of(item(m, null)), closed::get);
                  }
                });
        dispatcher.subscribe(subject, "tyboo." + setup.workflowName());
        return () -> {
          closed.set(true);
          close(setup, nc);
        };
      }
      String durable =
          setup.parameters().get("consumer") instanceof String c && !c.isEmpty()
              ? c
              : consumerName(setup.workflowName(), setup.nodeId());
      Duration ackWait = setup.duration("ackWait", Duration.ofSeconds(1));
      ConsumerContext consumer =
          nc.getStreamContext(stream)
              .createOrUpdateConsumer(
                  ConsumerConfiguration.builder()
                      .durable(durable)
                      .filterSubject(subject)
                      .ackPolicy(AckPolicy.Explicit)
                      .deliverPolicy(DeliverPolicy.All)
                      .ackWait(ackWait)
                      .build());
      MessageConsumer messages =
          consumer.consume(
              m -> {
                if (!fits(setup, m, maxPayload)) {
                  m.term();
                  return;
                }
                var meta = m.metaData();
                String id = header(m.getHeaders(), "Nats-Msg-Id");
                if (id == null) {
                  id = meta.getStream() + "/" + meta.streamSequence();
                }
                if (handOff.handOffUntilStored(id, List.of(item(m, meta)), closed::get) != null) {
                  m.ack();
                }
              });
      return () -> {
        closed.set(true);
        messages.stop();
        close(setup, nc);
      };
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      nc.close();
      throw e;
    }
  }

  private static boolean fits(TriggerSetup setup, Message m, int maxPayload) {
    int length = m.getData() == null ? 0 : m.getData().length;
    if (length > maxPayload) {
      LOG.warn(
          "workflow '{}': a message of {} bytes on '{}' is over maxPayloadBytes {}; dropped",
          setup.workflowName(),
          length,
          m.getSubject(),
          maxPayload);
      return false;
    }
    return true;
  }

  private static Item item(Message m, io.nats.client.impl.NatsJetStreamMetaData meta) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("subject", m.getSubject());
    json.put("payload", payload(m.getData() == null ? new byte[0] : m.getData()));
    String id = header(m.getHeaders(), "Nats-Msg-Id");
    if (id == null && meta != null) {
      id = meta.getStream() + "/" + meta.streamSequence();
    }
    json.put("messageId", id);
    Map<String, Object> headers = new LinkedHashMap<>();
    if (m.getHeaders() != null) {
      m.getHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
    }
    json.put("headers", headers);
    if (meta != null) {
      json.put("stream", meta.getStream());
      json.put("sequence", meta.streamSequence());
      json.put("deliveries", meta.deliveredCount());
    }
    return Item.of(json);
  }

  private static String header(Headers headers, String name) {
    return headers == null ? null : headers.getFirst(name);
  }

  private static Object payload(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
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

  private static void close(TriggerSetup setup, Connection nc) {
    try {
      nc.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("closing the NATS trigger of '{}' failed", setup.workflowName(), e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

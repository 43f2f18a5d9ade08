package dev.tyboo.nodes.messaging.nats;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes one NATS message per item (JSON type {@code natsPublish}). Every message carries the
 * {@code Nats-Msg-Id} header: the node call's idempotency key and the item's index, the same on
 * every attempt and after a crash. With {@code jetStream} the node waits for the stream's
 * acknowledgement of each message, and JetStream drops a message whose id it has seen within the
 * stream's duplicate window, so a node re-run after a crash does not store it twice ({@code
 * duplicate: true} in the output says so). Core NATS publishes are flushed to the server before the
 * node ends, but core NATS delivers at most once.
 *
 * <pre>{@code
 * .node("publish", NatsPublish.to("orders.created").jetStream(), o -> o.credential("nats", "main"))
 * }</pre>
 */
public final class NatsPublish {

  /** The JSON type name. */
  public static final String TYPE = "natsPublish";

  /**
   * The node's parameters.
   *
   * @param subject the subject
   * @param message the payload text; by default the item's JSON
   * @param jetStream whether to publish to a JetStream stream and wait for its acknowledgement
   * @param headers more headers
   */
  record Parameters(
      @Param(required = true) String subject,
      @Param(description = "the payload text; by default the item's JSON") String message,
      @Param(defaultValue = "false") boolean jetStream,
      Map<String, String> headers) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("NATS Publish")
              .description("Publishes each item to a NATS subject, or to a JetStream stream")
              .credentialType(NatsConnections.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          NatsPublish::execute);

  private NatsPublish() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that publishes each item's JSON to a subject with core NATS}
   *
   * @param subject the subject; may be an expression
   */
  public static NodeDefinition to(String subject) {
    return NodeDefinition.of(
        INSTANCE, Map.of("subject", Objects.requireNonNull(subject, "subject")));
  }

  /**
   * {@return a node that publishes each item's JSON to the JetStream stream bound to a subject,
   * each acknowledged and deduplicated by its message id}
   *
   * @param subject the subject; may be an expression
   */
  public static NodeDefinition toJetStream(String subject) {
    return NodeDefinition.of(
        INSTANCE, Map.of("subject", Objects.requireNonNull(subject, "subject"), "jetStream", true));
  }

  private static NodeResult execute(NodeContext ctx) throws Exception {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    Connection nc;
    try {
      nc = NatsConnections.open(ctx.credential(NatsConnections.CREDENTIAL), "tyboo-publish");
    } catch (IOException e) {
      if (NatsConnections.refusedLogin(e)) {
        throw NodeFailure.of(e.getMessage());
      }
      throw NodeFailure.retryable(0, e.getMessage(), e);
    }
    List<Item> out = new ArrayList<>(input.size());
    try {
      JetStream js = null;
      for (int i = 0; i < input.size(); i++) {
        Parameters p = ctx.parameters(i, Parameters.class);
        String messageId = ctx.idempotencyKey() + "/" + i;
        Headers headers = new Headers();
        if (p.headers() != null) {
          p.headers().forEach(headers::add);
        }
        headers.put("Nats-Msg-Id", messageId);
        byte[] payload =
            p.message() != null
                ? p.message().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(input.get(i).json());
        NatsMessage message;
        try {
          io.nats.client.support.Validator.validateSubject(p.subject(), true);
          if (p.subject().contains("*") || p.subject().contains(">")) {
            throw new IllegalArgumentException("a published subject cannot hold wildcards");
          }
          message =
              NatsMessage.builder().subject(p.subject()).headers(headers).data(payload).build();
        } catch (IllegalArgumentException e) {
          throw NodeFailure.badParameter("subject", i, e.getMessage(), p.subject());
        }
        if (payload.length > nc.getMaxPayload()) {
          throw NodeFailure.badParameter(
              "message", i, "is over the server's max_payload of " + nc.getMaxPayload(), null);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", p.subject());
        json.put("messageId", messageId);
        if (p.jetStream()) {
          js = js == null ? nc.jetStream() : js;
          PublishAck ack;
          try {
            ack = js.publish(message);
          } catch (JetStreamApiException e) {
            throw NodeFailure.of("JetStream refused the message: " + e.getMessage());
          } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("No Responders")) {
              throw NodeFailure.badParameter(
                  "subject", i, "no JetStream stream takes this subject", p.subject());
            }
            throw NodeFailure.retryable(
                i, "JetStream did not acknowledge the message: " + e.getMessage(), e);
          }
          json.put("stream", ack.getStream());
          json.put("sequence", ack.getSeqno());
          json.put("duplicate", ack.isDuplicate());
        } else {
          nc.publish(message);
        }
        out.add(Item.of(json));
      }
      try {
        nc.flush(Duration.ofSeconds(10));
      } catch (java.util.concurrent.TimeoutException e) {
        throw NodeFailure.retryable(0, "NATS did not confirm the flush in 10 s", e);
      }
    } finally {
      nc.close();
    }
    return NodeResult.of(out);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

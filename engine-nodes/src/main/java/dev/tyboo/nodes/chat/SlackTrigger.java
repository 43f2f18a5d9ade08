package dev.tyboo.nodes.chat;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.webhook.WebhookDelivery;
import dev.tyboo.nodes.webhook.WebhookEvent;
import dev.tyboo.nodes.webhook.WebhookTrigger;
import dev.tyboo.workflow.NodeDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a workflow on Slack Events API deliveries (JSON type {@code slackTrigger}), through a
 * {@link dev.tyboo.nodes.webhook.WebhookDispatcher}: point the Slack app's Request URL at the
 * node's path.
 *
 * <p>Every request is checked as Slack documents ("Verifying requests from Slack"): {@code
 * X-Slack-Signature} must be {@code v0=} and the hex HMAC-SHA256 of {@code v0:<timestamp>:<body>}
 * keyed by the app's signing secret (held by the dispatcher under the name {@code secret}), and
 * {@code X-Slack-Request-Timestamp} within five minutes of the engine's clock, so a captured
 * request cannot be replayed later. A failed check answers 401 and starts nothing. Slack's {@code
 * url_verification} request is answered with its challenge. An {@code event_callback} whose event
 * type is in {@code events} (all when empty) starts the workflow with the delivery as Slack sent it
 * ({@code event}, {@code event_id}, {@code team_id}, ...); other events are answered 200 and
 * dropped. Slack retries a delivery it thinks failed: {@code event_id} deduplicates, so a retry
 * starts nothing new.
 */
public final class SlackTrigger implements WebhookTrigger {

  /** The JSON type name. */
  public static final String TYPE = "slackTrigger";

  /** How far a request's timestamp may be from the engine's clock. */
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  /**
   * The node's parameters.
   *
   * @param path the route below the host's webhook prefix
   * @param secret the name of the dispatcher secret holding the Slack app's signing secret
   * @param events the event types that start the workflow, e.g. {@code app_mention}; all if empty
   */
  record Parameters(
      @Param(required = true) String path,
      @Param(required = true) String secret,
      @Param(defaultValue = "[]") List<String> events) {}

  static final SlackTrigger INSTANCE = new SlackTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Slack Trigger")
          .description("Starts the workflow on Slack events, their signatures checked")
          .inputs()
          .parameters(Parameters.class)
          .build();

  private SlackTrigger() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger node}
   *
   * @param path its route, e.g. {@code slack/events}
   * @param secret the name of the dispatcher secret holding the signing secret
   * @param events the event types that start the workflow; none for all
   */
  public static NodeDefinition on(String path, String secret, String... events) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("path", Objects.requireNonNull(path, "path"));
    parameters.put("secret", Objects.requireNonNull(secret, "secret"));
    parameters.put("events", List.of(events));
    return NodeDefinition.of(INSTANCE, parameters);
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public WebhookEvent receive(WebhookDelivery delivery, Map<String, Object> parameters) {
    String timestamp = delivery.header("x-slack-request-timestamp");
    String signature = delivery.header("x-slack-signature");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp == null ? "" : timestamp.strip());
    } catch (NumberFormatException e) {
      return WebhookEvent.refused(401, "no valid X-Slack-Request-Timestamp");
    }
    long skew = Math.abs(delivery.receivedAt().getEpochSecond() - seconds);
    if (skew > TOLERANCE.toSeconds()) {
      return WebhookEvent.refused(401, "the request timestamp is too old or in the future");
    }
    if (signature == null
        || !signature.startsWith("v0=")
        || !delivery.hmacSha256Matches(signature.substring(3), "v0:" + seconds + ":")) {
      return WebhookEvent.refused(401, "the Slack signature does not match");
    }
    Map<String, Object> body = delivery.jsonObject();
    if (body == null) {
      return WebhookEvent.refused(400, "the body is not a JSON object");
    }
    Object type = body.get("type");
    if ("url_verification".equals(type)) {
      return WebhookEvent.answer(200, Map.of("challenge", String.valueOf(body.get("challenge"))));
    }
    if (!"event_callback".equals(type) || !(body.get("event") instanceof Map<?, ?> event)) {
      return WebhookEvent.answer(200, Map.of("ignored", "not an event_callback"));
    }
    List<?> wanted = parameters.get("events") instanceof List<?> l ? l : List.of();
    if (!wanted.isEmpty() && !wanted.contains(event.get("type"))) {
      return WebhookEvent.answer(200, Map.of("ignored", "event type " + event.get("type")));
    }
    Object eventId = body.get("event_id");
    return WebhookEvent.start(body, eventId == null ? null : String.valueOf(eventId));
  }
}

package dev.tyboo.nodes.github;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.webhook.WebhookDelivery;
import dev.tyboo.nodes.webhook.WebhookEvent;
import dev.tyboo.nodes.webhook.WebhookTrigger;
import dev.tyboo.workflow.NodeDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a workflow on GitHub webhook deliveries (JSON type {@code githubTrigger}), through a
 * {@link dev.tyboo.nodes.webhook.WebhookDispatcher}: point a repository's or organisation's webhook
 * at the node's path, content type {@code application/json}, with a secret.
 *
 * <p>Each delivery is checked as GitHub documents ("Validating webhook deliveries"): {@code
 * X-Hub-Signature-256} must be {@code sha256=} and the hex HMAC-SHA256 of the raw body keyed by the
 * dispatcher secret named {@code secret}; otherwise 401 and nothing starts. {@code ping} is
 * answered at once. An event whose name ({@code X-GitHub-Event}) is in {@code events} (all when
 * empty) starts the workflow with {@code {"event", "deliveryId", "action", "payload"}}; others are
 * answered 200 and dropped. A redelivery (same {@code X-GitHub-Delivery}) starts nothing new.
 */
public final class GitHubTrigger implements WebhookTrigger {

  /** The JSON type name. */
  public static final String TYPE = "githubTrigger";

  /**
   * The node's parameters.
   *
   * @param path the route below the host's webhook prefix
   * @param secret the name of the dispatcher secret holding the webhook's secret
   * @param events the event names that start the workflow, e.g. {@code issues}; all if empty
   */
  record Parameters(
      @Param(required = true) String path,
      @Param(required = true) String secret,
      @Param(defaultValue = "[]") List<String> events) {}

  static final GitHubTrigger INSTANCE = new GitHubTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("GitHub Trigger")
          .description("Starts the workflow on GitHub webhook events, their signatures checked")
          .inputs()
          .parameters(Parameters.class)
          .build();

  private GitHubTrigger() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger node}
   *
   * @param path its route, e.g. {@code github/events}
   * @param secret the name of the dispatcher secret holding the webhook's secret
   * @param events the event names that start the workflow; none for all
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
    String signature = delivery.header("x-hub-signature-256");
    if (signature == null
        || !signature.startsWith("sha256=")
        || !delivery.hmacSha256Matches(signature.substring(7), "")) {
      return WebhookEvent.refused(401, "the GitHub signature does not match");
    }
    String event = delivery.header("x-github-event");
    if (event == null) {
      return WebhookEvent.refused(400, "no X-GitHub-Event header");
    }
    if (event.equals("ping")) {
      return WebhookEvent.answer(200, Map.of("pong", true));
    }
    Map<String, Object> payload = delivery.jsonObject();
    if (payload == null) {
      return WebhookEvent.refused(
          400, "the body is not a JSON object; set the webhook's content type to application/json");
    }
    List<?> wanted = parameters.get("events") instanceof List<?> l ? l : List.of();
    if (!wanted.isEmpty() && !wanted.contains(event)) {
      return WebhookEvent.answer(200, Map.of("ignored", "event " + event));
    }
    String deliveryId = delivery.header("x-github-delivery");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("event", event);
    json.put("deliveryId", deliveryId);
    json.put("action", payload.get("action"));
    json.put("payload", payload);
    return WebhookEvent.start(json, deliveryId);
  }
}

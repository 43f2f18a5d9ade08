package dev.tyboo.nodes.chat;

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
 * Starts a workflow on Telegram bot updates (JSON type {@code telegramTrigger}), through a {@link
 * dev.tyboo.nodes.webhook.WebhookDispatcher}: register the node's URL with the Bot API's {@code
 * setWebhook}, giving it a {@code secret_token}.
 *
 * <p>Telegram sends that token in {@code X-Telegram-Bot-Api-Secret-Token} on every update; the node
 * compares it (in constant time) with the dispatcher secret named {@code secret} and answers 401 on
 * a mismatch. An update of a kind in {@code updates} ({@code message}, {@code edited_message},
 * {@code callback_query}, ...; all when empty) starts the workflow with the Update object as
 * Telegram sent it; others are answered 200 and dropped. Telegram redelivers an update until it is
 * answered: {@code update_id} deduplicates.
 */
public final class TelegramTrigger implements WebhookTrigger {

  /** The JSON type name. */
  public static final String TYPE = "telegramTrigger";

  /**
   * The node's parameters.
   *
   * @param path the route below the host's webhook prefix
   * @param secret the name of the dispatcher secret holding the webhook's secret token
   * @param updates the update kinds that start the workflow; all if empty
   */
  record Parameters(
      @Param(required = true) String path,
      @Param(required = true) String secret,
      @Param(defaultValue = "[]") List<String> updates) {}

  static final TelegramTrigger INSTANCE = new TelegramTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Telegram Trigger")
          .description("Starts the workflow on Telegram bot updates, their secret token checked")
          .inputs()
          .parameters(Parameters.class)
          .build();

  private TelegramTrigger() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger node}
   *
   * @param path its route, e.g. {@code telegram/updates}
   * @param secret the name of the dispatcher secret holding the secret token
   * @param updates the update kinds that start the workflow; none for all
   */
  public static NodeDefinition on(String path, String secret, String... updates) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("path", Objects.requireNonNull(path, "path"));
    parameters.put("secret", Objects.requireNonNull(secret, "secret"));
    parameters.put("updates", List.of(updates));
    return NodeDefinition.of(INSTANCE, parameters);
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public WebhookEvent receive(WebhookDelivery delivery, Map<String, Object> parameters) {
    if (!delivery.secretEquals(delivery.header("x-telegram-bot-api-secret-token"))) {
      return WebhookEvent.refused(401, "the secret token does not match");
    }
    Map<String, Object> update = delivery.jsonObject();
    if (update == null || !(update.get("update_id") instanceof Number id)) {
      return WebhookEvent.refused(400, "the body is not a Telegram Update with an update_id");
    }
    List<?> wanted = parameters.get("updates") instanceof List<?> l ? l : List.of();
    if (!wanted.isEmpty()
        && wanted.stream().noneMatch(k -> update.containsKey(String.valueOf(k)))) {
      return WebhookEvent.answer(200, Map.of("ignored", "update kind not wanted"));
    }
    return WebhookEvent.start(update, id.toString());
  }
}

package dev.tyboo.nodes.chat;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.internal.ApiCall;
import dev.tyboo.workflow.NodeDefinition;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends a message per item to a Discord channel (JSON type {@code discord}), through a webhook or
 * as a bot.
 *
 * <ul>
 *   <li>Without {@code channelId}: through a webhook, with a {@code discordWebhook} credential
 *       ({@code url}: the webhook's URL, which holds its secret); the node waits for Discord to
 *       store the message ({@code ?wait=true}); {@code username} replaces the webhook's name.
 *   <li>With {@code channelId}: as a bot, with a {@code discordBotApi} credential ({@code
 *       accessToken}: the bot token; {@code baseUrl}, {@code https://discord.com/api/v10} by
 *       default), {@code POST /channels/{id}/messages} with a {@code nonce} derived from the node
 *       call's idempotency key and {@code enforce_nonce}, so Discord drops a message a retried node
 *       sends again within its nonce window.
 * </ul>
 *
 * <p>Mentions are disabled, so no item can ping {@code @everyone}. Outputs the message's {@code id}
 * and {@code channelId}. A removed webhook or refused token (401, 403, 404) fails without retry;
 * 429 retries after Discord's {@code Retry-After}.
 */
public final class Discord {

  /** The JSON type name. */
  public static final String TYPE = "discord";

  /**
   * The node's parameters.
   *
   * @param content the message text (at most 2,000 characters)
   * @param username the name shown instead of the webhook's
   * @param channelId the channel a bot posts to; none to post through the webhook
   */
  record Parameters(@Param(required = true) String content, String username, String channelId) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Discord")
              .description("Sends a message to a Discord channel through a webhook or as a bot")
              .credentialType("discordWebhook")
              .credentialType("discordBotApi")
              .parameters(Parameters.class)
              .build(),
          Discord::execute);

  private Discord() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that sends a message}
   *
   * @param content the text; may be an expression
   */
  public static NodeDefinition send(String content) {
    return NodeDefinition.of(INSTANCE, Map.of("content", Objects.requireNonNull(content)));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    List<Item> out = new ArrayList<>();
    URI webhook = null;
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      if (p.content().isEmpty() || p.content().length() > 2000) {
        throw NodeFailure.badParameter(
            "content", i, "must have 1 to 2000 characters", p.content().length() + " characters");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("content", p.content());
      body.put("allowed_mentions", Map.of("parse", List.of())); // no @everyone from data
      Map<String, Object> answer;
      if (p.channelId() != null) {
        answer = asBot(ctx, p, body, i);
      } else {
        webhook = webhook == null ? webhook(ctx) : webhook;
        if (p.username() != null) {
          body.put("username", p.username());
        }
        answer = ApiCall.post("Discord", webhook, Map.of(), body, i).json();
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", answer.get("id"));
      json.put("channelId", answer.get("channel_id"));
      out.add(Item.of(json));
    }
    return NodeResult.of(out);
  }

  private static URI webhook(NodeContext ctx) {
    Object url = ctx.credential("discordWebhook").get("url");
    URI uri;
    try {
      uri = URI.create(String.valueOf(url));
    } catch (IllegalArgumentException e) {
      throw NodeFailure.of("discordWebhook credential: 'url' is not a URL");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw NodeFailure.of("discordWebhook credential: 'url' must be an https URL");
    }
    return URI.create(uri + (uri.getQuery() == null ? "?" : "&") + "wait=true");
  }

  private static Map<String, Object> asBot(
      NodeContext ctx, Parameters p, Map<String, Object> body, int i) throws InterruptedException {
    if (!p.channelId().matches("[0-9]{1,25}")) {
      throw NodeFailure.badParameter(
          "channelId", i, "must be a Discord id (digits)", p.channelId());
    }
    Map<String, Object> credential = ctx.credential("discordBotApi");
    if (!(credential.get("accessToken") instanceof String token) || token.isBlank()) {
      throw NodeFailure.of("discordBotApi credential needs an 'accessToken' (the bot token)");
    }
    String base = String.valueOf(credential.getOrDefault("baseUrl", "https://discord.com/api/v10"));
    body.put("nonce", nonce(ctx.idempotencyKey() + "/" + i));
    body.put("enforce_nonce", true);
    URI uri = URI.create(base + "/channels/" + p.channelId() + "/messages");
    return ApiCall.post("Discord", uri, Map.of("Authorization", "Bot " + token), body, i).json();
  }

  /** Discord's nonce: at most 25 characters, the same for every attempt of a node call's item. */
  static String nonce(String key) {
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h).substring(0, 25);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

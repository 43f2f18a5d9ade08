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
 * Sends a message per item with the Telegram Bot API (JSON type {@code telegram}), with a {@code
 * telegramApi} credential ({@code accessToken}: the bot token; {@code baseUrl}, {@code
 * https://api.telegram.org} by default). A revoked token (401) fails without retry; 429 retries
 * after Telegram's {@code retry_after}. The token, which is part of the URL, never appears in a
 * message.
 */
public final class Telegram {

  /** The JSON type name. */
  public static final String TYPE = "telegram";

  /** How Telegram reads the text. */
  enum ParseMode {
    none,
    HTML,
    MarkdownV2
  }

  /**
   * The node's parameters.
   *
   * @param chatId the chat's id or {@code @channelusername}
   * @param text the message text
   * @param parseMode how Telegram formats it
   * @param silent whether the message arrives without a sound
   */
  record Parameters(
      @Param(required = true) String chatId,
      @Param(required = true) String text,
      @Param(defaultValue = "none") ParseMode parseMode,
      @Param(defaultValue = "false") boolean silent) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Telegram")
              .description("Sends a message with the Telegram Bot API")
              .credentialType("telegramApi")
              .parameters(Parameters.class)
              .build(),
          Telegram::execute);

  private Telegram() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that sends a message}
   *
   * @param chatId the chat; may be an expression
   * @param text the text; may be an expression
   */
  public static NodeDefinition sendMessage(String chatId, String text) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of("chatId", Objects.requireNonNull(chatId), "text", Objects.requireNonNull(text)));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    Map<String, Object> credential = ctx.credential("telegramApi");
    if (!(credential.get("accessToken") instanceof String token)
        || !token.matches("[0-9]+:[A-Za-z0-9_-]+")) {
      throw NodeFailure.of("telegramApi credential needs an 'accessToken' such as 123456:ABC-DEF");
    }
    String base = String.valueOf(credential.getOrDefault("baseUrl", "https://api.telegram.org"));
    URI uri = URI.create(base + "/bot" + token + "/sendMessage");
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("chat_id", p.chatId());
      body.put("text", p.text());
      if (p.parseMode() != ParseMode.none) {
        body.put("parse_mode", p.parseMode().name());
      }
      body.put("disable_notification", p.silent());
      Map<String, Object> answer = ApiCall.post("Telegram", uri, Map.of(), body, i).json();
      Map<String, Object> result = answer.get("result") instanceof Map<?, ?> r ? copy(r) : Map.of();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("messageId", result.get("message_id"));
      json.put("chatId", result.get("chat") instanceof Map<?, ?> chat ? chat.get("id") : null);
      out.add(Item.of(json));
    }
    return NodeResult.of(out);
  }

  private static Map<String, Object> copy(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}

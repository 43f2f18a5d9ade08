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
 * Sends a message per item to a Discord channel through a webhook (JSON type {@code discord}), with
 * a {@code discordWebhook} credential ({@code url}: the webhook's URL, which holds its secret). The
 * node waits for Discord to store the message ({@code ?wait=true}) and outputs its {@code id} and
 * {@code channelId}. A removed webhook (401, 403, 404) fails without retry; 429 retries after
 * Discord's {@code Retry-After}.
 */
public final class Discord {

  /** The JSON type name. */
  public static final String TYPE = "discord";

  /**
   * The node's parameters.
   *
   * @param content the message text (at most 2,000 characters)
   * @param username the name shown instead of the webhook's
   */
  record Parameters(@Param(required = true) String content, String username) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Discord")
              .description("Sends a message to a Discord channel through a webhook")
              .credentialType("discordWebhook")
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
    URI waiting = URI.create(uri + (uri.getQuery() == null ? "?" : "&") + "wait=true");
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      if (p.content().isEmpty() || p.content().length() > 2000) {
        throw NodeFailure.badParameter(
            "content", i, "must have 1 to 2000 characters", p.content().length() + " characters");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("content", p.content());
      if (p.username() != null) {
        body.put("username", p.username());
      }
      body.put("allowed_mentions", Map.of("parse", List.of())); // no @everyone from data
      Map<String, Object> answer = ApiCall.post("Discord", waiting, Map.of(), body, i).json();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", answer.get("id"));
      json.put("channelId", answer.get("channel_id"));
      out.add(Item.of(json));
    }
    return NodeResult.of(out);
  }
}

package dev.tyboo.nodes.chat;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.nodes.internal.ApiCall;
import dev.tyboo.workflow.NodeDefinition;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Slack's Web API (JSON type {@code slack}) with a {@code slackApi} credential ({@code
 * accessToken}, a bot token; {@code baseUrl}, {@code https://slack.com/api} by default): {@code
 * postMessage} (to {@code channel}, in a thread with {@code threadTs}), {@code updateMessage} (the
 * message {@code ts}), {@code listChannels} (every page, following {@code next_cursor}, at most
 * {@code maxChannels}), {@code uploadFile} (the attachment {@code binaryProperty} shared in {@code
 * channel} with {@code title} and {@code text} as its comment, by Slack's upload flow: {@code
 * files.getUploadURLExternal}, the bytes streamed to the URL Slack gives, then {@code
 * files.completeUploadExternal}). Slack's {@code invalid_auth}-like answers fail without retry,
 * {@code ratelimited} (HTTP 429) retries after Slack's {@code Retry-After}.
 *
 * <pre>{@code
 * .node("notify", Slack.postMessage("#orders", "New order {{ $json.id }}"),
 *     o -> o.credential("slackApi", "bot"))
 * }</pre>
 */
public final class Slack {

  /** The JSON type name. */
  public static final String TYPE = "slack";

  /** Slack's answers that mean the token is not good. */
  private static final Set<String> REFUSED =
      Set.of("invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive");

  /** What the node does. */
  enum Operation {
    postMessage,
    updateMessage,
    listChannels,
    uploadFile
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param channel the channel's id or name
   * @param text the message text
   * @param threadTs the parent message of a reply
   * @param ts the message an update changes
   * @param maxChannels the most channels a listing returns
   * @param binaryProperty the attachment an upload sends
   * @param title an uploaded file's title
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @RequiredWhen(
              parameter = "operation",
              is = {"postMessage", "updateMessage", "uploadFile"})
          String channel,
      @RequiredWhen(
              parameter = "operation",
              is = {"postMessage", "updateMessage"})
          String text,
      String threadTs,
      @RequiredWhen(parameter = "operation", is = "updateMessage") String ts,
      @Param(defaultValue = "1000") int maxChannels,
      @Param(defaultValue = "data") String binaryProperty,
      String title) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Slack")
              .description("Posts and updates Slack messages, lists channels")
              .credentialType("slackApi")
              .parameters(Parameters.class)
              .build(),
          Slack::execute);

  private Slack() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that posts a message}
   *
   * @param channel the channel; may be an expression
   * @param text the text; may be an expression
   */
  public static NodeDefinition postMessage(String channel, String text) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "postMessage",
            "channel", Objects.requireNonNull(channel, "channel"),
            "text", Objects.requireNonNull(text, "text")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    Map<String, Object> credential = ctx.credential("slackApi");
    if (!(credential.get("accessToken") instanceof String token) || token.isBlank()) {
      throw NodeFailure.of("slackApi credential needs an 'accessToken'");
    }
    String base = String.valueOf(credential.getOrDefault("baseUrl", "https://slack.com/api"));
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
    List<Item> out = new ArrayList<>();
    List<Item> input = ctx.input();
    for (int i = 0; i < input.size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      switch (p.operation()) {
        case postMessage, updateMessage -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("channel", p.channel());
          body.put("text", p.text());
          if (p.operation() == Operation.updateMessage) {
            body.put("ts", p.ts());
          } else if (p.threadTs() != null) {
            body.put("thread_ts", p.threadTs());
          }
          String method =
              p.operation() == Operation.postMessage ? "chat.postMessage" : "chat.update";
          Map<String, Object> answer =
              ok(ApiCall.post("Slack", URI.create(base + "/" + method), auth, body, i).json(), i);
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("channel", answer.get("channel"));
          json.put("ts", answer.get("ts"));
          out.add(Item.of(json));
        }
        case uploadFile ->
            out.add(
                Item.of(
                    SlackUpload.upload(
                        ctx,
                        base,
                        auth,
                        p.channel(),
                        p.binaryProperty(),
                        p.title(),
                        p.text(),
                        p.threadTs(),
                        i)));
        case listChannels -> {
          if (p.maxChannels() < 1) {
            throw NodeFailure.badParameter("maxChannels", i, "must be at least 1", p.maxChannels());
          }
          String cursor = "";
          int listed = 0;
          do {
            String query =
                "?limit=200&exclude_archived=true"
                    + (cursor.isEmpty()
                        ? ""
                        : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Map<String, Object> answer =
                ok(
                    ApiCall.get("Slack", URI.create(base + "/conversations.list" + query), auth, i)
                        .json(),
                    i);
            List<?> channels = answer.get("channels") instanceof List<?> l ? l : List.of();
            if (channels.isEmpty()) {
              break; // a cursor with an empty page would otherwise be followed for ever
            }
            for (Object c : channels) {
              if (listed++ < p.maxChannels() && c instanceof Map<?, ?> m) {
                out.add(Item.of(copy(m)));
              }
            }
            cursor =
                answer.get("response_metadata") instanceof Map<?, ?> meta
                        && meta.get("next_cursor") instanceof String next
                    ? next
                    : "";
          } while (!cursor.isEmpty() && listed < p.maxChannels());
        }
      }
    }
    return NodeResult.of(out);
  }

  static Map<String, Object> ok(Map<String, Object> answer, int item) {
    if (Boolean.TRUE.equals(answer.get("ok"))) {
      return answer;
    }
    Object error = answer.get("error");
    if (REFUSED.contains(String.valueOf(error))) {
      throw new NonRetryableNodeException("Slack refused the credential: " + error, item, null);
    }
    throw new NonRetryableNodeException("Slack refused the request: " + error, item, null);
  }

  private static Map<String, Object> copy(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}

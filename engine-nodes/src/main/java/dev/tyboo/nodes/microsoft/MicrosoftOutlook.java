package dev.tyboo.nodes.microsoft;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends one email per item from the signed-in user's Outlook mailbox through Microsoft Graph's
 * {@code /me/sendMail} (JSON type {@code microsoftOutlook}) with a {@code microsoftOAuth2Api}
 * credential: {@code to}, {@code cc}, {@code bcc} (addresses separated by commas), {@code subject},
 * {@code body} as {@code bodyType} {@code text} or {@code html}; a copy is kept in Sent Items
 * unless {@code saveToSentItems} is false. Emits {@code {sent, to, subject}}. Graph has no
 * idempotency key for sendMail: a send retried after its answer was lost may send twice.
 */
public final class MicrosoftOutlook {

  /** The JSON type name. */
  public static final String TYPE = "microsoftOutlook";

  /** How Outlook reads the body. */
  enum BodyType {
    text,
    html
  }

  /**
   * The node's parameters.
   *
   * @param to the recipients
   * @param cc the copied recipients
   * @param bcc the blind-copied recipients
   * @param subject the subject
   * @param body the body
   * @param bodyType text or html
   * @param saveToSentItems whether Outlook keeps a copy
   */
  record Parameters(
      @Param(required = true) String to,
      String cc,
      String bcc,
      @Param(required = true) String subject,
      @Param(required = true) String body,
      @Param(defaultValue = "text") BodyType bodyType,
      @Param(defaultValue = "true") boolean saveToSentItems) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Microsoft Outlook")
              .description("Sends an email per item from an Outlook mailbox (Microsoft Graph)")
              .credentialType(GraphApi.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          MicrosoftOutlook::execute);

  private MicrosoftOutlook() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that sends a plain-text email}
   *
   * @param to the recipients; may be an expression
   * @param subject the subject; may be an expression
   * @param body the body; may be an expression
   */
  public static NodeDefinition send(String to, String subject, String body) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "to", Objects.requireNonNull(to, "to"),
            "subject", Objects.requireNonNull(subject, "subject"),
            "body", Objects.requireNonNull(body, "body")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    URI send = URI.create(GraphApi.base(ctx) + "/me/sendMail");
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("subject", p.subject());
      message.put(
          "body",
          Map.of(
              "contentType", p.bodyType() == BodyType.html ? "HTML" : "Text", "content", p.body()));
      message.put("toRecipients", recipients(p.to()));
      if (p.cc() != null) {
        message.put("ccRecipients", recipients(p.cc()));
      }
      if (p.bcc() != null) {
        message.put("bccRecipients", recipients(p.bcc()));
      }
      GraphApi.call(
          ctx,
          "Microsoft Graph",
          i,
          "POST",
          send,
          Map.of("message", message, "saveToSentItems", p.saveToSentItems()));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("sent", true);
      json.put("to", p.to());
      json.put("subject", p.subject());
      out.add(Item.of(json));
    }
    return NodeResult.of(out);
  }

  private static List<Map<String, Object>> recipients(String addresses) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (String address : addresses.split(",")) {
      if (!address.isBlank()) {
        list.add(Map.of("emailAddress", Map.of("address", address.strip())));
      }
    }
    return list;
  }
}

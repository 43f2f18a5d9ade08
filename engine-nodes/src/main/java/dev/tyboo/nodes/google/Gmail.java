package dev.tyboo.nodes.google;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.workflow.NodeDefinition;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends one email per item through the Gmail API (JSON type {@code gmail}) with a {@code
 * googleOAuth2Api} credential, as the authorized user ({@code users/me/messages/send}): {@code to}
 * (addresses separated by commas), {@code cc}, {@code bcc}, {@code subject}, and {@code text},
 * {@code html} or both (then {@code multipart/alternative}). The message is built here (RFC 5322,
 * the subject encoded per RFC 2047) with a {@code Message-ID} from the node call's idempotency key;
 * a header value with a line break is refused, so no item can add headers. Emits Gmail's {@code
 * id}, {@code threadId} and {@code labelIds}. Attachments are not sent yet (the SMTP node in
 * engine-nodes-messaging sends them).
 */
public final class Gmail {

  /** The JSON type name. */
  public static final String TYPE = "gmail";

  /**
   * The node's parameters.
   *
   * @param to the recipients
   * @param cc the copied recipients
   * @param bcc the blind-copied recipients
   * @param subject the subject
   * @param text the plain-text body
   * @param html the HTML body
   */
  record Parameters(
      @Param(required = true) String to,
      String cc,
      String bcc,
      @Param(required = true) String subject,
      String text,
      String html) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Gmail")
              .description("Sends an email per item through the Gmail API")
              .credentialType(GoogleApi.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          Gmail::execute);

  private Gmail() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that sends a plain-text email}
   *
   * @param to the recipients; may be an expression
   * @param subject the subject; may be an expression
   * @param text the body; may be an expression
   */
  public static NodeDefinition send(String to, String subject, String text) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "to", Objects.requireNonNull(to, "to"),
            "subject", Objects.requireNonNull(subject, "subject"),
            "text", Objects.requireNonNull(text, "text")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    URI send =
        URI.create(
            GoogleApi.base(ctx, "gmail.googleapis.com") + "/gmail/v1/users/me/messages/send");
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      if (p.text() == null && p.html() == null) {
        throw NodeFailure.badParameter("text", i, "or 'html' is needed", null);
      }
      String raw =
          message(p, "<" + ctx.idempotencyKey().replace('/', '.') + "." + i + "@tyboo>", i);
      String encoded =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
      Map<String, Object> answer =
          GoogleApi.call(ctx, "Gmail", i, "POST", send, Map.of("raw", encoded)).json();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", answer.get("id"));
      json.put("threadId", answer.get("threadId"));
      json.put("labelIds", answer.get("labelIds"));
      out.add(Item.of(json));
    }
    return NodeResult.of(out);
  }

  /** The RFC 5322 message, CRLF line ends, bodies in Base64. */
  static String message(Parameters p, String messageId, int item) {
    StringBuilder m = new StringBuilder();
    header(m, "To", p.to(), "to", item);
    if (p.cc() != null) {
      header(m, "Cc", p.cc(), "cc", item);
    }
    if (p.bcc() != null) {
      header(m, "Bcc", p.bcc(), "bcc", item);
    }
    header(m, "Subject", encodedWord(p.subject(), item), "subject", item);
    m.append("Message-ID: ").append(messageId).append("\r\n");
    m.append("MIME-Version: 1.0\r\n");
    if (p.text() != null && p.html() != null) {
      String boundary = "tyboo-" + Integer.toHexString(messageId.hashCode()) + "-alt";
      m.append("Content-Type: multipart/alternative; boundary=\"")
          .append(boundary)
          .append("\"\r\n\r\n");
      m.append("--").append(boundary).append("\r\n");
      part(m, "text/plain", p.text());
      m.append("--").append(boundary).append("\r\n");
      part(m, "text/html", p.html());
      m.append("--").append(boundary).append("--\r\n");
    } else {
      part(
          m, p.html() != null ? "text/html" : "text/plain", p.html() != null ? p.html() : p.text());
    }
    return m.toString();
  }

  private static void part(StringBuilder m, String type, String body) {
    m.append("Content-Type: ").append(type).append("; charset=UTF-8\r\n");
    m.append("Content-Transfer-Encoding: base64\r\n\r\n");
    m.append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
    m.append("\r\n");
  }

  private static void header(StringBuilder m, String name, String value, String field, int item) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw NodeFailure.badParameter(field, item, "must not contain a line break", null);
    }
    m.append(name).append(": ").append(value).append("\r\n");
  }

  /** RFC 2047: non-ASCII text as {@code =?UTF-8?B?...?=}. */
  private static String encodedWord(String text, int item) {
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      throw NodeFailure.badParameter("subject", item, "must not contain a line break", null);
    }
    if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return text;
    }
    return "=?UTF-8?B?"
        + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))
        + "?=";
  }
}

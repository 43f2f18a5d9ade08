package dev.tyboo.nodes.messaging.email;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one email per item over SMTP (JSON type {@code sendEmail}): text, HTML or both, with
 * attachments streamed from the item's binary properties. The {@code Message-ID} is made from the
 * node call's idempotency key ({@code <executionId/nodeId/run/item@tyboo>}), the same on every
 * attempt, so a receiving system can tell a resent message. A refused login, a refused address or a
 * bad parameter fails without retry; a server that cannot be reached retryably.
 *
 * <pre>{@code
 * .node("mail", SendEmail.builder("shop@example.com", "{{ $json.email }}", "Your order")
 *         .text("Thanks, {{ $json.name }}").build(), o -> o.credential("smtp", "mailer"))
 * }</pre>
 */
public final class SendEmail {

  /** The JSON type name. */
  public static final String TYPE = "sendEmail";

  /**
   * The node's parameters.
   *
   * @param from the sender address
   * @param to the recipients, separated by commas
   * @param cc copied recipients, separated by commas
   * @param bcc blind-copied recipients, separated by commas
   * @param replyTo where replies go
   * @param subject the subject
   * @param text the plain-text body
   * @param html the HTML body
   * @param attachments the item's binary properties sent as attachments
   */
  record Parameters(
      @Param(required = true) String from,
      @Param(required = true) String to,
      String cc,
      String bcc,
      String replyTo,
      @Param(required = true) String subject,
      String text,
      String html,
      List<String> attachments) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Send Email")
              .description("Sends an email per item over SMTP: text, HTML, attachments")
              .credentialType(MailSessions.SMTP)
              .parameters(Parameters.class)
              .build(),
          SendEmail::execute);

  private SendEmail() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a builder}
   *
   * @param from the sender
   * @param to the recipients; may be an expression
   * @param subject the subject; may be an expression
   */
  public static Builder builder(String from, String to, String subject) {
    return new Builder(from, to, subject);
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    Map<String, Object> credential = ctx.credential(MailSessions.SMTP);
    Session session = MailSessions.session("smtp", credential, 30_000);
    List<Item> out = new ArrayList<>(input.size());
    int i = 0;
    try (Transport transport = session.getTransport()) {
      transport.connect(
          MailSessions.host(credential, MailSessions.SMTP),
          MailSessions.port(credential, MailSessions.SMTP),
          MailSessions.text(credential, "username"),
          MailSessions.text(credential, "password"));
      for (; i < input.size(); i++) {
        Parameters p = ctx.parameters(i, Parameters.class);
        String messageId = "<" + ctx.idempotencyKey() + "/" + i + "@tyboo>";
        MimeMessage message = message(ctx, session, p, input.get(i), messageId, i);
        transport.sendMessage(message, message.getAllRecipients());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messageId", messageId);
        json.put(
            "accepted", Arrays.stream(message.getAllRecipients()).map(Address::toString).toList());
        out.add(Item.of(json));
      }
    } catch (AuthenticationFailedException e) {
      throw NodeFailure.of("the SMTP server refused the credential's login: " + e.getMessage());
    } catch (SendFailedException e) {
      throw NodeFailure.of(i, "the SMTP server refused the message: " + e.getMessage());
    } catch (MessagingException e) {
      throw NodeFailure.retryable(i, "the SMTP server cannot be reached: " + e.getMessage(), e);
    }
    return NodeResult.of(out);
  }

  private static MimeMessage message(
      NodeContext ctx, Session session, Parameters p, Item item, String messageId, int i)
      throws MessagingException {
    MimeMessage m =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    m.setFrom(address("from", p.from(), i));
    m.setRecipients(Message.RecipientType.TO, addresses("to", p.to(), i));
    if (p.cc() != null) {
      m.setRecipients(Message.RecipientType.CC, addresses("cc", p.cc(), i));
    }
    if (p.bcc() != null) {
      m.setRecipients(Message.RecipientType.BCC, addresses("bcc", p.bcc(), i));
    }
    if (p.replyTo() != null) {
      m.setReplyTo(addresses("replyTo", p.replyTo(), i));
    }
    m.setSubject(p.subject(), "UTF-8");
    if (p.text() == null && p.html() == null) {
      throw NodeFailure.missingParameter("text", i, "or 'html': a message needs a body");
    }
    MimeMultipart body = new MimeMultipart("alternative");
    if (p.text() != null) {
      MimeBodyPart text = new MimeBodyPart();
      text.setText(p.text(), "UTF-8");
      body.addBodyPart(text);
    }
    if (p.html() != null) {
      MimeBodyPart html = new MimeBodyPart();
      html.setText(p.html(), "UTF-8", "html");
      body.addBodyPart(html);
    }
    List<String> attachments = p.attachments() == null ? List.of() : p.attachments();
    if (attachments.isEmpty()) {
      m.setContent(body);
    } else {
      MimeMultipart mixed = new MimeMultipart("mixed");
      MimeBodyPart bodyPart = new MimeBodyPart();
      bodyPart.setContent(body);
      mixed.addBodyPart(bodyPart);
      for (String property : attachments) {
        BinaryRef ref = item.binary().get(property);
        if (ref == null) {
          throw NodeFailure.badParameter(
              "attachments", i, "names a binary property the item does not have", property);
        }
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new StoredFile(ctx, ref)));
        file.setFileName(ref.fileName() != null ? ref.fileName() : property);
        mixed.addBodyPart(file);
      }
      m.setContent(mixed);
    }
    m.saveChanges();
    return m;
  }

  private static InternetAddress address(String parameter, String value, int i) {
    InternetAddress[] a = addresses(parameter, value, i);
    if (a.length != 1) {
      throw NodeFailure.badParameter(parameter, i, "must be one address", value);
    }
    return a[0];
  }

  private static InternetAddress[] addresses(String parameter, String value, int i) {
    try {
      InternetAddress[] a = InternetAddress.parse(value, true);
      if (a.length == 0) {
        throw NodeFailure.badParameter(parameter, i, "must name an address", value);
      }
      return a;
    } catch (AddressException e) {
      throw NodeFailure.badParameter(
          parameter, i, "is not an email address: " + e.getMessage(), value);
    }
  }

  /** An attachment read from the binary store, streamed each time the mail library reads it. */
  private record StoredFile(NodeContext ctx, BinaryRef ref) implements DataSource {
    @Override
    public InputStream getInputStream() {
      return ctx.binaries().open(ref);
    }

    @Override
    public OutputStream getOutputStream() {
      throw new UnsupportedOperationException("attachments are read-only");
    }

    @Override
    public String getContentType() {
      return ref.mimeType() != null ? ref.mimeType() : "application/octet-stream";
    }

    @Override
    public String getName() {
      return ref.fileName();
    }
  }

  /** Builds a Send Email node. */
  public static final class Builder {
    private final Map<String, Object> p = new LinkedHashMap<>();

    private Builder(String from, String to, String subject) {
      p.put("from", from);
      p.put("to", to);
      p.put("subject", subject);
    }

    /**
     * {@return this builder}
     *
     * @param text the plain-text body; may hold expressions
     */
    public Builder text(String text) {
      p.put("text", text);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param html the HTML body; may hold expressions
     */
    public Builder html(String html) {
      p.put("html", html);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param binaryProperties the item's binary properties to attach
     */
    public Builder attach(String... binaryProperties) {
      p.put("attachments", List.of(binaryProperties));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param cc copied recipients, separated by commas
     */
    public Builder cc(String cc) {
      p.put("cc", cc);
      return this;
    }

    /** {@return the node} */
    public NodeDefinition build() {
      return NodeDefinition.of(INSTANCE, p);
    }
  }
}

package dev.tyboo.nodes.messaging.email;

import static dev.tyboo.nodes.messaging.Collected.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.nodes.messaging.Collected;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import jakarta.mail.Flags;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Send Email and the Email Trigger against GreenMail in process (SMTP and IMAP). */
class EmailNodesTest {

  private final GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
  private final Collected collected = new Collected();
  private final List<Item> seen = collected.items;
  private final NodeType collect = collected.type;
  private InMemoryCredentialProvider credentials;
  private Engine engine;
  private Triggers triggers;

  @BeforeEach
  void start() {
    mail.start();
    mail.setUser("shop@example.com", "shop", "shop-pass");
    mail.setUser("ada@example.com", "ada", "ada-pass");
    credentials =
        CredentialProvider.inMemory()
            .put(
                "smtp",
                "mailer",
                Map.of(
                    "host", "127.0.0.1",
                    "port", mail.getSmtp().getPort(),
                    "security", "none",
                    "username", "shop",
                    "password", "shop-pass"))
            .put(
                "imap",
                "inbox",
                Map.of(
                    "host", "127.0.0.1",
                    "port", mail.getImap().getPort(),
                    "security", "none",
                    "username", "ada",
                    "password", "ada-pass"));
    engine =
        Engine.builder()
            .nodeType(SendEmail.type())
            .nodeType(EmailTrigger.type())
            .nodeType(collect)
            .credentials(credentials)
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    if (triggers != null) {
      triggers.close();
    }
    engine.close();
    mail.stop();
  }

  private Execution send(NodeDefinition node, List<Item> items) {
    Execution run =
        engine.start(
            Workflow.named("mail").node("mail", node, o -> o.credential("smtp", "mailer")).build(),
            items);
    run.await(Duration.ofSeconds(20));
    return run;
  }

  @Test
  void sends_text_html_and_a_streamed_attachment_with_a_stable_message_id() throws Exception {
    BinaryRef invoice =
        engine
            .binaryStore()
            .write(
                new ByteArrayInputStream("%PDF-1.4 invoice".getBytes(StandardCharsets.UTF_8)),
                "invoice.pdf",
                "application/pdf");
    Item item =
        Item.of(Map.of("email", "ada@example.com", "name", "Ada")).withBinary("invoice", invoice);
    Execution run =
        send(
            SendEmail.builder(
                    "shop@example.com", "{{ $json.email }}", "Your order, {{ $json.name }}")
                .text("Thanks, {{ $json.name }}")
                .html("<p>Thanks, <b>{{ $json.name }}</b></p>")
                .attach("invoice")
                .build(),
            List.of(item));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);

    MimeMessage[] received = mail.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("Your order, Ada");
    assertThat(m.getMessageID())
        .isEqualTo(run.output("mail").getFirst().json().get("messageId"))
        .startsWith("<" + run.id().value() + "/mail/")
        .endsWith("/0@tyboo>");
    Multipart mixed = (Multipart) m.getContent();
    Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
    assertThat(alternative.getBodyPart(0).getContent().toString()).isEqualTo("Thanks, Ada");
    assertThat(alternative.getBodyPart(1).getContent().toString()).contains("<b>Ada</b>");
    assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("invoice.pdf");
    try (InputStream in = mixed.getBodyPart(1).getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("%PDF-1.4 invoice");
    }
  }

  @Test
  void bad_addresses_and_a_missing_attachment_are_named() {
    Execution badTo =
        send(
            SendEmail.builder("shop@example.com", "not an address@", "x").text("x").build(),
            List.of(Item.of(Map.of())));
    assertThat(badTo.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("parameter 'to'");
    Execution noFile =
        send(
            SendEmail.builder("shop@example.com", "ada@example.com", "x")
                .text("x")
                .attach("nothing")
                .build(),
            List.of(Item.of(Map.of())));
    assertThat(noFile.error().orElseThrow()).hasMessageContaining("parameter 'attachments'");
    Execution noBody =
        send(
            SendEmail.builder("shop@example.com", "ada@example.com", "x").build(),
            List.of(Item.of(Map.of())));
    assertThat(noBody.error().orElseThrow()).hasMessageContaining("a message needs a body");
  }

  @Test
  void a_refused_login_is_not_retried_and_never_shows_the_password() {
    credentials.put(
        "smtp",
        "mailer",
        Map.of(
            "host", "127.0.0.1",
            "port", mail.getSmtp().getPort(),
            "security", "none",
            "username", "shop",
            "password", "s3cret-wrong"));
    mail.getManagers().getUserManager().setAuthRequired(true);
    Execution run =
        send(
            SendEmail.builder("shop@example.com", "ada@example.com", "x").text("x").build(),
            List.of(Item.of(Map.of())));
    assertThat(run.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("refused the credential's login");
    assertThat(run.error().orElseThrow().getMessage()).doesNotContain("s3cret");
  }

  @Test
  void a_server_that_cannot_be_reached_fails_retryably() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    credentials.put(
        "smtp", "mailer", Map.of("host", "127.0.0.1", "port", port, "security", "none"));
    Execution run =
        send(
            SendEmail.builder("shop@example.com", "ada@example.com", "x").text("x").build(),
            List.of(Item.of(Map.of())));
    assertThat(run.error().orElseThrow())
        .isInstanceOf(RetryableNodeException.class)
        .hasMessageContaining("cannot be reached");
  }

  @Test
  void each_new_email_starts_an_execution_once_and_is_marked_in_the_mailbox() throws Exception {
    send(
        SendEmail.builder("shop@example.com", "ada@example.com", "Report {{ $json.n }}")
            .text("number {{ $json.n }}")
            .build(),
        List.of(Item.of(Map.of("n", 1)), Item.of(Map.of("n", 2))));
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        Workflow.named("inbox")
            .node(
                "mail",
                NodeDefinition.of(
                    EmailTrigger.type(), Map.of("mailbox", "INBOX", "pollInterval", "PT0.2S")),
                o -> o.credential("imap", "inbox"))
            .node("collect", NodeDefinition.of(collect, Map.of()))
            .connect("mail", "collect")
            .build());
    triggers.start();
    await(() -> seen.size() == 2, "both emails started");
    Thread.sleep(600); // three more polls: nothing new
    assertThat(seen).hasSize(2);
    assertThat(seen)
        .extracting(i -> i.json().get("subject"))
        .containsExactlyInAnyOrder("Report 1", "Report 2");
    Item first =
        seen.stream()
            .filter(i -> "Report 1".equals(i.json().get("subject")))
            .findFirst()
            .orElseThrow();
    assertThat(first.json())
        .containsEntry("text", "number 1")
        .containsEntry("from", List.of("shop@example.com"));
    assertThat(marked()).as("both carry the keyword in the mailbox").isEqualTo(2);
  }

  /** {@return how many messages in ada's inbox carry the trigger's keyword} */
  private int marked() throws Exception {
    try (jakarta.mail.Store store =
        jakarta.mail.Session.getInstance(new java.util.Properties()).getStore("imap")) {
      store.connect("127.0.0.1", mail.getImap().getPort(), "ada", "ada-pass");
      jakarta.mail.Folder inbox = store.getFolder("INBOX");
      inbox.open(jakarta.mail.Folder.READ_ONLY);
      try {
        return inbox.search(new jakarta.mail.search.FlagTerm(new Flags("TybooStarted"), true))
            .length;
      } finally {
        inbox.close(false);
      }
    }
  }

  @Test
  void a_poll_interval_that_would_spin_is_refused_by_name() {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        Workflow.named("inbox")
            .node(
                "mail",
                NodeDefinition.of(EmailTrigger.type(), Map.of("pollInterval", "PT0S")),
                o -> o.credential("imap", "inbox"))
            .build());
    assertThatThrownBy(triggers::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "parameter 'pollInterval' must be an ISO-8601 duration of at least PT0.1S");
  }

  @Test
  void a_mailbox_that_does_not_exist_fails_the_start() {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        Workflow.named("inbox")
            .node("mail", EmailTrigger.mailbox("Nope"), o -> o.credential("imap", "inbox"))
            .build());
    assertThatThrownBy(triggers::start).hasMessageContaining("mailbox 'Nope' does not exist");
  }
}

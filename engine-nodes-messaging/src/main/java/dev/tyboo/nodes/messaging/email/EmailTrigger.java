package dev.tyboo.nodes.messaging.email;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.trigger.EventTrigger;
import dev.tyboo.nodes.trigger.TriggerHandOff;
import dev.tyboo.nodes.trigger.TriggerSetup;
import dev.tyboo.nodes.trigger.TriggerSubscription;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts its workflow for every new email in an IMAP mailbox (JSON type {@code emailTrigger}),
 * through {@link dev.tyboo.nodes.trigger.Triggers}, polling every {@code pollInterval}. The mailbox
 * itself is the durable cursor: a message is new while it lacks the IMAP keyword {@code keyword}
 * ({@code TybooStarted}), which the trigger sets once the execution it starts is stored. A message
 * whose process died before the keyword was set is handed off again at the next poll and starts
 * nothing new: it is deduplicated by its mailbox, UIDVALIDITY and UID.
 *
 * <p>The trigger outputs one item per message: {@code from}, {@code to}, {@code cc}, {@code
 * subject}, {@code date}, {@code messageId} (the header), {@code uid}, {@code text}, {@code html},
 * and its attachments as binary properties {@code attachment0}, {@code attachment1}, ... streamed
 * into the engine's binary store. A message over {@code maxMessageBytes} is marked and skipped with
 * a warning.
 */
public final class EmailTrigger implements EventTrigger {

  /** The JSON type name. */
  public static final String TYPE = "emailTrigger";

  private static final Logger LOG = LoggerFactory.getLogger(EmailTrigger.class);

  /**
   * The trigger's parameters.
   *
   * @param mailbox the folder to watch
   * @param pollInterval how often to look for new messages
   * @param keyword the IMAP keyword that marks a message as started
   * @param maxMessageBytes the largest message started
   * @param batchSize how many messages one poll takes at most
   */
  record Parameters(
      @Param(defaultValue = "INBOX") String mailbox,
      @Param(defaultValue = "PT1M") Duration pollInterval,
      @Param(defaultValue = "TybooStarted") String keyword,
      @Param(defaultValue = "26214400") int maxMessageBytes,
      @Param(defaultValue = "50") int batchSize) {}

  static final EmailTrigger INSTANCE = new EmailTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Email Trigger (IMAP)")
          .description("Starts the workflow for every new email in an IMAP mailbox")
          .inputs()
          .credentialType(MailSessions.IMAP)
          .parameters(Parameters.class)
          .build();

  private EmailTrigger() {}

  /** {@return the node type, for registries} */
  public static EmailTrigger type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger on a mailbox, polled every minute}
   *
   * @param mailbox the folder, such as {@code INBOX}
   */
  public static NodeDefinition mailbox(String mailbox) {
    return NodeDefinition.of(
        INSTANCE, Map.of("mailbox", Objects.requireNonNull(mailbox, "mailbox")));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public TriggerSubscription listen(TriggerSetup setup, TriggerHandOff handOff)
      throws MessagingException {
    Map<String, Object> credential = setup.credential(MailSessions.IMAP);
    String mailbox = setup.string("mailbox");
    String keyword = setup.string("keyword");
    if (!keyword.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
      throw setup.invalid("keyword", "must be letters, digits and underscores");
    }
    Duration every = setup.duration("pollInterval", Duration.ofMillis(100));
    int maxBytes = setup.integer("maxMessageBytes", 1, Integer.MAX_VALUE);
    int batch = setup.integer("batchSize", 1, 10_000);
    Poller poller = new Poller(setup, handOff, credential, mailbox, keyword, maxBytes, batch);
    poller.check(); // fails the start when the server, the login or the mailbox is wrong
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .name("tyboo-imap-" + setup.workflowName())
            .start(
                () -> {
                  while (!poller.closed) {
                    try {
                      poller.poll();
                      Thread.sleep(every);
                    } catch (InterruptedException e) {
                      return;
                    } catch (MessagingException | RuntimeException e) {
                      LOG.warn(
                          "workflow '{}': polling mailbox '{}' failed; trying again in {}",
                          setup.workflowName(),
                          mailbox,
                          every,
                          e);
                    }
                  }
                });
    return () -> {
      poller.closed = true;
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** One poll: the new messages, handed off one by one, each marked once stored. */
  private static final class Poller {
    private final TriggerSetup setup;
    private final TriggerHandOff handOff;
    private final Map<String, Object> credential;
    private final String mailbox;
    private final String keyword;
    private final int maxBytes;
    private final int batch;
    volatile boolean closed;

    Poller(
        TriggerSetup setup,
        TriggerHandOff handOff,
        Map<String, Object> credential,
        String mailbox,
        String keyword,
        int maxBytes,
        int batch) {
      this.setup = setup;
      this.handOff = handOff;
      this.credential = credential;
      this.mailbox = mailbox;
      this.keyword = keyword;
      this.maxBytes = maxBytes;
      this.batch = batch;
    }

    private Store connect() throws MessagingException {
      Store store = MailSessions.session("imap", credential, 30_000).getStore();
      store.connect(
          MailSessions.host(credential, MailSessions.IMAP),
          MailSessions.port(credential, MailSessions.IMAP),
          MailSessions.text(credential, "username"),
          MailSessions.text(credential, "password"));
      return store;
    }

    private Folder folder(Store store) throws MessagingException {
      Folder folder = store.getFolder(mailbox);
      if (!folder.exists()) {
        throw new MessagingException("mailbox '" + mailbox + "' does not exist");
      }
      return folder;
    }

    void check() throws MessagingException {
      try (Store store = connect()) {
        folder(store);
      }
    }

    void poll() throws MessagingException {
      try (Store store = connect()) {
        Folder folder = folder(store);
        folder.open(Folder.READ_WRITE);
        try {
          UIDFolder uids = (UIDFolder) folder;
          Flags started = new Flags(keyword);
          Message[] fresh = folder.search(new FlagTerm(started, false));
          for (Message m : Arrays.copyOf(fresh, Math.min(fresh.length, batch))) {
            if (closed) {
              return;
            }
            long uid = uids.getUID(m);
            String messageId = mailbox + "/" + uids.getUIDValidity() + "/" + uid;
            if (m.getSize() > maxBytes) {
              LOG.warn(
                  "workflow '{}': message {} of {} bytes is over maxMessageBytes {}; skipped",
                  setup.workflowName(),
                  messageId,
                  m.getSize(),
                  maxBytes);
            } else {
              handOff.handOff(messageId, List.of(item(m, uid)));
            }
            m.setFlags(started, true); // the acknowledgement
          }
        } finally {
          folder.close(false);
        }
      }
    }

    private Item item(Message m, long uid) throws MessagingException {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("from", addresses(m.getFrom()));
      json.put("to", addresses(m.getRecipients(Message.RecipientType.TO)));
      json.put("cc", addresses(m.getRecipients(Message.RecipientType.CC)));
      json.put("subject", m.getSubject());
      json.put("date", m.getSentDate() == null ? null : m.getSentDate().toInstant().toString());
      String[] header = m.getHeader("Message-ID");
      json.put("messageId", header == null ? null : header[0]);
      json.put("uid", uid);
      Map<String, BinaryRef> files = new LinkedHashMap<>();
      Map<String, String> bodies = new LinkedHashMap<>();
      try {
        walk(m, bodies, files);
      } catch (IOException e) {
        throw new MessagingException("reading message " + uid + " failed: " + e.getMessage(), e);
      }
      json.put("text", bodies.get("text"));
      json.put("html", bodies.get("html"));
      return new Item(json, files);
    }

    private void walk(Part part, Map<String, String> bodies, Map<String, BinaryRef> files)
        throws MessagingException, IOException {
      if (part.isMimeType("multipart/*")) {
        Multipart multi = (Multipart) part.getContent();
        for (int k = 0; k < multi.getCount(); k++) {
          BodyPart child = multi.getBodyPart(k);
          walk(child, bodies, files);
        }
      } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
          || part.getFileName() != null) {
        try (InputStream in = part.getInputStream()) {
          String mime = part.getContentType().split(";")[0].trim();
          files.put(
              "attachment" + files.size(), setup.binaries().write(in, part.getFileName(), mime));
        }
      } else if (part.isMimeType("text/plain")) {
        bodies.putIfAbsent("text", String.valueOf(part.getContent()));
      } else if (part.isMimeType("text/html")) {
        bodies.putIfAbsent("html", String.valueOf(part.getContent()));
      }
    }

    private static List<String> addresses(Address[] addresses) {
      List<String> out = new ArrayList<>();
      if (addresses != null) {
        for (Address a : addresses) {
          out.add(a.toString());
        }
      }
      return out;
    }
  }
}

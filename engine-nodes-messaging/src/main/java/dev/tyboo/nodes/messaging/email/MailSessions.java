package dev.tyboo.nodes.messaging.email;

import jakarta.mail.Session;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Mail sessions from a credential: {@code smtp} (sending) or {@code imap} (receiving), each with
 * {@code host}*, {@code port}, {@code username}, {@code password} and {@code security}: {@code tls}
 * (implicit TLS, ports 465 and 993), {@code starttls} (upgraded, required; 587 and 143) or {@code
 * none}. Servers' certificates and names are checked. The password never appears in a message.
 */
final class MailSessions {

  /** The sending credential type. */
  static final String SMTP = "smtp";

  /** The receiving credential type. */
  static final String IMAP = "imap";

  private MailSessions() {}

  /** How a connection is secured. */
  enum Security {
    tls,
    starttls,
    none
  }

  static Security security(Map<String, Object> credential) {
    Object s = credential.getOrDefault("security", "starttls");
    try {
      return Security.valueOf(String.valueOf(s).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "mail credential: 'security' must be tls, starttls or none, was " + s);
    }
  }

  static String host(Map<String, Object> credential, String type) {
    if (credential.get("host") instanceof String h && !h.isBlank()) {
      return h;
    }
    throw new IllegalArgumentException(type + " credential needs a 'host'");
  }

  static int port(Map<String, Object> credential, String type) {
    if (credential.get("port") instanceof Number n) {
      return n.intValue();
    }
    Security security = security(credential);
    if (type.equals(SMTP)) {
      return security == Security.tls ? 465 : security == Security.starttls ? 587 : 25;
    }
    return security == Security.tls ? 993 : 143;
  }

  static String text(Map<String, Object> credential, String field) {
    return credential.get(field) instanceof String s && !s.isEmpty() ? s : null;
  }

  /**
   * {@return a session for a protocol}
   *
   * @param protocol {@code smtp} or {@code imap}
   * @param credential the credential's data
   * @param timeoutMillis connect, read and write timeout
   */
  static Session session(String protocol, Map<String, Object> credential, int timeoutMillis) {
    Security security = security(credential);
    String p = security == Security.tls ? protocol + "s" : protocol;
    Properties props = new Properties();
    props.setProperty("mail." + (protocol.equals("smtp") ? "transport" : "store") + ".protocol", p);
    props.setProperty("mail." + p + ".host", host(credential, protocol));
    props.setProperty("mail." + p + ".port", String.valueOf(port(credential, protocol)));
    props.setProperty("mail." + p + ".connectiontimeout", String.valueOf(timeoutMillis));
    props.setProperty("mail." + p + ".timeout", String.valueOf(timeoutMillis));
    props.setProperty("mail." + p + ".writetimeout", String.valueOf(timeoutMillis));
    if (security == Security.starttls) {
      props.setProperty("mail." + p + ".starttls.enable", "true");
      props.setProperty("mail." + p + ".starttls.required", "true");
    }
    if (security != Security.none) {
      props.setProperty("mail." + p + ".ssl.checkserveridentity", "true");
    }
    if (protocol.equals("smtp") && text(credential, "username") != null) {
      props.setProperty("mail." + p + ".auth", "true");
    }
    return Session.getInstance(props);
  }
}

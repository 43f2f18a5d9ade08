package dev.tyboo.nodes.messaging.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Connections from a {@code rabbitmq} credential: {@code host} (required), {@code port} (5672),
 * {@code username} and {@code password} (guest), {@code virtualHost} ({@code /}), {@code tls}
 * (false). The password is never put in a message.
 */
final class RabbitMqConnections {

  /** The credential type. */
  static final String CREDENTIAL = "rabbitmq";

  private RabbitMqConnections() {}

  static Connection open(Map<String, Object> credential, String name)
      throws IOException, TimeoutException {
    ConnectionFactory f = new ConnectionFactory();
    if (!(credential.get("host") instanceof String host) || host.isBlank()) {
      throw new IllegalArgumentException("rabbitmq credential needs a 'host'");
    }
    f.setHost(host);
    f.setPort(credential.get("port") instanceof Number n ? n.intValue() : 5672);
    f.setUsername(text(credential, "username", "guest"));
    f.setPassword(text(credential, "password", "guest"));
    f.setVirtualHost(text(credential, "virtualHost", "/"));
    f.setConnectionTimeout(10_000);
    f.setAutomaticRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(1_000);
    if (Boolean.TRUE.equals(credential.get("tls"))) {
      try {
        f.useSslProtocol(javax.net.ssl.SSLContext.getDefault());
        f.enableHostnameVerification();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no default TLS context", e);
      }
    }
    return f.newConnection(name);
  }

  /**
   * {@return what went wrong, in the broker's words when it closed the channel or the connection}
   *
   * @param e what the client threw
   */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.rabbitmq.client.ShutdownSignalException s
          && s.getReason() instanceof com.rabbitmq.client.Method m) {
        if (m instanceof com.rabbitmq.client.AMQP.Channel.Close c) {
          return c.getReplyCode() + " " + c.getReplyText();
        }
        if (m instanceof com.rabbitmq.client.AMQP.Connection.Close c) {
          return c.getReplyCode() + " " + c.getReplyText();
        }
      }
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static String text(Map<String, Object> credential, String field, String fallback) {
    return credential.get(field) instanceof String s && !s.isEmpty() ? s : fallback;
  }
}

package dev.tyboo.nodes.messaging.nats;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Connections from a {@code nats} credential: {@code servers} (required: one URL or several
 * separated by commas, {@code nats://host:4222}, {@code tls://host:4222} for TLS with the JVM's
 * trust store), {@code username} and {@code password}, or {@code token}. NKey and JWT logins are
 * not offered (they would bring BouncyCastle). A password or token never appears in a message.
 */
final class NatsConnections {

  /** The credential type. */
  static final String CREDENTIAL = "nats";

  private NatsConnections() {}

  static Connection open(Map<String, Object> credential, String name)
      throws IOException, InterruptedException {
    if (!(credential.get("servers") instanceof String servers) || servers.isBlank()) {
      throw new IllegalArgumentException(
          "nats credential needs 'servers', such as nats://127.0.0.1:4222");
    }
    Options.Builder options =
        new Options.Builder()
            .servers(servers.split("\\s*,\\s*"))
            .connectionName(name)
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(-1) // a trigger keeps trying; each reconnect is logged by the client
            .reconnectWait(Duration.ofSeconds(1))
            .noRandomize();
    if (credential.get("username") instanceof String user && !user.isEmpty()) {
      String password = credential.get("password") instanceof String p ? p : "";
      options.userInfo(user, password);
    }
    if (credential.get("token") instanceof String token && !token.isEmpty()) {
      options.token(token.toCharArray());
    }
    try {
      return Nats.connect(options.build());
    } catch (IOException e) {
      throw refusedLogin(e)
          ? new AuthenticationException("the NATS server refused the credential's login")
          : new IOException(
              redacted("NATS at " + servers + " cannot be reached: " + e.getMessage()), e);
    }
  }

  /**
   * {@return a message without the user and password a server URL may carry ({@code
   * nats://user:secret@host})}
   *
   * @param message the message
   */
  static String redacted(String message) {
    return message.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@", "$1***@");
  }

  /**
   * {@return whether the server refused the login}
   *
   * @param e what connecting threw
   */
  static boolean refusedLogin(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationException
          || (t.getMessage() != null && t.getMessage().contains("Authorization Violation"))) {
        return true;
      }
    }
    return false;
  }
}

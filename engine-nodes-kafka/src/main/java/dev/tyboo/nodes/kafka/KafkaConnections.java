package dev.tyboo.nodes.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Client settings from a {@code kafka} credential: {@code bootstrapServers} (required, {@code
 * host:9092,...}), {@code securityProtocol} ({@code PLAINTEXT}, {@code SSL}, {@code SASL_SSL},
 * {@code SASL_PLAINTEXT}), {@code saslMechanism} ({@code PLAIN}, {@code SCRAM-SHA-256}, {@code
 * SCRAM-SHA-512}) with {@code username} and {@code password}, and {@code properties}: more client
 * settings by their Kafka names ({@code session.timeout.ms}, {@code ssl.truststore.location}, ...),
 * which the nodes' own settings (acknowledgements, idempotence, manual commits) override. The
 * password never appears in a message.
 */
final class KafkaConnections {

  /** The credential type. */
  static final String CREDENTIAL = "kafka";

  /** The header that carries a message's id across publish, crash and redelivery. */
  static final String MESSAGE_ID = "tyboo-message-id";

  private KafkaConnections() {}

  static Properties properties(Map<String, Object> credential, String clientId) {
    if (!(credential.get("bootstrapServers") instanceof String servers) || servers.isBlank()) {
      throw new IllegalArgumentException(
          "kafka credential needs 'bootstrapServers', such as broker1:9092,broker2:9092");
    }
    Properties p = new Properties();
    if (credential.get("properties") instanceof Map<?, ?> more) {
      more.forEach((k, v) -> p.put(String.valueOf(k), String.valueOf(v)));
    }
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    Object protocol = credential.getOrDefault("securityProtocol", "PLAINTEXT");
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, String.valueOf(protocol));
    if (credential.get("saslMechanism") instanceof String mechanism && !mechanism.isBlank()) {
      String user = String.valueOf(credential.getOrDefault("username", ""));
      String password = String.valueOf(credential.getOrDefault("password", ""));
      String module =
          mechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put(SaslConfigs.SASL_MECHANISM, mechanism);
      p.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          module
              + " required username=\""
              + quote(user)
              + "\" password=\""
              + quote(password)
              + "\";");
    }
    return p;
  }

  private static String quote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}

package dev.tyboo.nodes.messaging.mqtt;

import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Clients from an {@code mqtt} credential: {@code host} (required), {@code port} (1883, or 8883
 * with TLS), {@code username} and {@code password} (none), {@code tls} (false). The password is
 * never put in a message.
 */
final class MqttConnections {

  /** The credential type. */
  static final String CREDENTIAL = "mqtt";

  private MqttConnections() {}

  static MqttClient connect(Map<String, Object> credential, String clientId, boolean cleanSession)
      throws MqttException {
    return connect(credential, clientId, cleanSession, null);
  }

  /**
   * {@return a connected client}
   *
   * @param credential the credential's data
   * @param clientId the client id
   * @param cleanSession whether the broker forgets the session at disconnection
   * @param callback makes the callback messages go to, with manual acknowledgements, or is null: it
   *     is set before the connection, since a resumed session's messages arrive as soon as it is
   *     made
   */
  static MqttClient connect(
      Map<String, Object> credential,
      String clientId,
      boolean cleanSession,
      java.util.function.Function<MqttClient, org.eclipse.paho.client.mqttv3.MqttCallback> callback)
      throws MqttException {
    if (!(credential.get("host") instanceof String host) || host.isBlank()) {
      throw new IllegalArgumentException("mqtt credential needs a 'host'");
    }
    boolean tls = Boolean.TRUE.equals(credential.get("tls"));
    int port = credential.get("port") instanceof Number n ? n.intValue() : tls ? 8883 : 1883;
    MqttClient client =
        new MqttClient(
            (tls ? "ssl://" : "tcp://") + host + ":" + port, clientId, new MemoryPersistence());
    if (callback != null) {
      client.setManualAcks(true);
      client.setCallback(callback.apply(client));
    }
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(cleanSession);
    options.setAutomaticReconnect(!cleanSession);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
    if (credential.get("username") instanceof String user && !user.isEmpty()) {
      options.setUserName(user);
      if (credential.get("password") instanceof String password) {
        options.setPassword(password.toCharArray());
      }
    }
    if (tls) {
      options.setHttpsHostnameVerificationEnabled(true);
    }
    try {
      client.connect(options);
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return client;
  }

  /** {@return whether the broker refused the login} */
  static boolean refusedLogin(MqttException e) {
    return e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
        || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
  }
}

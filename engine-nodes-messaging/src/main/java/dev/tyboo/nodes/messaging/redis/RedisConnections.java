package dev.tyboo.nodes.messaging.redis;

import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Clients from a {@code redis} credential: {@code host} (required), {@code port} (6379), {@code
 * username} and {@code password} (none), {@code database} (0), {@code tls} (false). The password is
 * never put in a message.
 */
final class RedisConnections {

  /** The credential type. */
  static final String CREDENTIAL = "redis";

  private RedisConnections() {}

  static RedisClient open(Map<String, Object> credential, int socketTimeoutMillis) {
    if (!(credential.get("host") instanceof String host) || host.isBlank()) {
      throw new IllegalArgumentException("redis credential needs a 'host'");
    }
    int port = credential.get("port") instanceof Number n ? n.intValue() : 6379;
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(10_000)
            .socketTimeoutMillis(socketTimeoutMillis)
            .database(credential.get("database") instanceof Number d ? d.intValue() : 0)
            .clientName("tyboo");
    if (Boolean.TRUE.equals(credential.get("tls"))) {
      config.sslOptions(redis.clients.jedis.SslOptions.defaults()); // the JDK's trust, host checked
    }
    if (credential.get("username") instanceof String user && !user.isEmpty()) {
      config.user(user);
    }
    if (credential.get("password") instanceof String password && !password.isEmpty()) {
      config.password(password);
    }
    return RedisClient.builder().hostAndPort(host, port).clientConfig(config.build()).build();
  }
}

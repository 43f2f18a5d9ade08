package dev.tyboo.nodes.messaging.redis;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.trigger.EventTrigger;
import dev.tyboo.nodes.trigger.TriggerHandOff;
import dev.tyboo.nodes.trigger.TriggerSetup;
import dev.tyboo.nodes.trigger.TriggerSubscription;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * Starts its workflow for every message published on Redis channels (JSON type {@code
 * redisPubSubTrigger}), through {@link dev.tyboo.nodes.trigger.Triggers}: {@code SUBSCRIBE} to
 * {@code channels}, or {@code PSUBSCRIBE} to them as patterns ({@code orders.*}) with {@code
 * pattern}.
 *
 * <p>Redis Pub/Sub delivers at most once: a message published while no process listens, or while
 * the connection is down (the trigger reconnects, waiting up to 5 s between tries), is lost, and
 * every process that registers the workflow receives every message. Use a stream ({@link
 * RedisStreamTrigger}) for work that must not be lost or must be split between processes. A JSON
 * message's {@code messageId} field, when it has one, deduplicates.
 *
 * <p>Each message becomes one item: {@code channel}, {@code pattern} (or {@code null}), {@code
 * message} (parsed when it is JSON, else text). A message longer than {@code maxMessageBytes} is
 * dropped with a warning.
 */
public final class RedisPubSubTrigger implements EventTrigger {

  /** The JSON type name. */
  public static final String TYPE = "redisPubSubTrigger";

  private static final Logger LOG = LoggerFactory.getLogger(RedisPubSubTrigger.class);

  /**
   * The trigger's parameters.
   *
   * @param channels the channels, or patterns
   * @param pattern whether the channels are glob-style patterns
   * @param maxMessageBytes the longest message accepted
   */
  record Parameters(
      @Param(required = true) List<String> channels,
      @Param(defaultValue = "false") boolean pattern,
      @Param(defaultValue = "1048576") int maxMessageBytes) {}

  static final RedisPubSubTrigger INSTANCE = new RedisPubSubTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Redis Pub/Sub Trigger")
          .description("Starts the workflow for every message on Redis channels (at most once)")
          .inputs()
          .credentialType(RedisConnections.CREDENTIAL)
          .parameters(Parameters.class)
          .build();

  private RedisPubSubTrigger() {}

  /** {@return the node type, for registries} */
  public static RedisPubSubTrigger type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger on channels}
   *
   * @param channels the channels
   */
  public static NodeDefinition channels(String... channels) {
    return NodeDefinition.of(INSTANCE, Map.of("channels", List.of(channels)));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public TriggerSubscription listen(TriggerSetup setup, TriggerHandOff handOff) {
    if (!(setup.parameters().get("channels") instanceof List<?> list) || list.isEmpty()) {
      throw setup.invalid("channels", "must name at least one channel");
    }
    String[] channels = list.stream().map(String::valueOf).toArray(String[]::new);
    boolean pattern = Boolean.TRUE.equals(setup.parameters().get("pattern"));
    int max = setup.integer("maxMessageBytes", 1, Integer.MAX_VALUE);
    Map<String, Object> credential = setup.credential(RedisConnections.CREDENTIAL);
    // blocking reads wait for messages: no socket timeout
    RedisClient redis = RedisConnections.open(credential, 0);
    Listener listener = new Listener(setup, handOff, max);
    CountDownLatch subscribed = new CountDownLatch(1);
    listener.subscribed = subscribed;
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .name("tyboo-redis-pubsub-" + setup.workflowName())
            .start(
                () -> {
                  long backoff = 100;
                  while (!listener.closed) {
                    try {
                      if (pattern) {
                        redis.psubscribe(listener, channels);
                      } else {
                        redis.subscribe(listener, channels);
                      }
                    } catch (RuntimeException e) {
                      if (listener.closed) {
                        return;
                      }
                      LOG.warn(
                          "workflow '{}': the Redis subscription failed; again in {} ms",
                          setup.workflowName(),
                          backoff,
                          e);
                      try {
                        Thread.sleep(backoff);
                      } catch (InterruptedException interrupted) {
                        return;
                      }
                      backoff = Math.min(backoff * 2, 5_000);
                    }
                  }
                });
    try {
      if (!subscribed.await(10, TimeUnit.SECONDS)) {
        LOG.warn(
            "workflow '{}': not subscribed to Redis within 10 s; still trying",
            setup.workflowName());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return () -> {
      listener.closed = true;
      try {
        if (pattern) {
          listener.punsubscribe();
        } else {
          listener.unsubscribe();
        }
      } catch (RuntimeException notSubscribed) {
        // the connection is down: closing the client ends the thread
      }
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      redis.close();
    };
  }

  /** Receives one trigger's messages. */
  private static final class Listener extends JedisPubSub {
    private final TriggerSetup setup;
    private final TriggerHandOff handOff;
    private final int max;
    volatile boolean closed;
    volatile CountDownLatch subscribed;

    Listener(TriggerSetup setup, TriggerHandOff handOff, int max) {
      this.setup = setup;
      this.handOff = handOff;
      this.max = max;
    }

    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
      subscribed.countDown();
    }

    @Override
    public void onPSubscribe(String pattern, int subscribedChannels) {
      subscribed.countDown();
    }

    @Override
    public void onMessage(String channel, String message) {
      deliver(channel, null, message);
    }

    @Override
    public void onPMessage(String pattern, String channel, String message) {
      deliver(channel, pattern, message);
    }

    private void deliver(String channel, String pattern, String message) {
      if (message.getBytes(StandardCharsets.UTF_8).length > max) {
        LOG.warn(
            "workflow '{}': a message on '{}' is over maxMessageBytes {}; dropped",
            setup.workflowName(),
            channel,
            max);
        return;
      }
      Object body = body(message);
      String id =
          body instanceof Map<?, ?> m && m.get("messageId") != null
              ? String.valueOf(m.get("messageId"))
              : null;
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("channel", channel);
      json.put("pattern", pattern);
      json.put("message", body);
      try {
        handOff.handOff(id, List.of(Item.of(json)));
      } catch (RuntimeException e) {
        // Pub/Sub cannot hand a message back: it is lost, and said so
        LOG.warn(
            "workflow '{}': a message on '{}' could not start an execution and is lost",
            setup.workflowName(),
            channel,
            e);
      }
    }

    private static Object body(String text) {
      String t = text.strip();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          return JSON.readValue(text, Object.class);
        } catch (IOException e) {
          return text;
        }
      }
      return Objects.requireNonNull(text);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

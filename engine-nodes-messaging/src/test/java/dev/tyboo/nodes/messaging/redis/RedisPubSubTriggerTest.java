package dev.tyboo.nodes.messaging.redis;

import static dev.tyboo.nodes.messaging.Collected.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.nodes.messaging.Collected;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/** The Redis Pub/Sub trigger on the real Redis, through {@link Triggers}. */
class RedisPubSubTriggerTest {

  private final String channel = "tyboo:test:pubsub:" + UUID.randomUUID();
  private final RedisClient redis = RedisServer.client();
  private final Collected collected = new Collected();
  private final InMemoryCredentialProvider credentials =
      CredentialProvider.inMemory().put("redis", "cache", RedisServer.credential());
  private final Engine engine =
      Engine.builder()
          .nodeType(RedisPubSubTrigger.type())
          .nodeType(collected.type)
          .credentials(credentials)
          .build();
  private Triggers triggers;

  @AfterEach
  void close() {
    if (triggers != null) {
      triggers.close();
    }
    engine.close();
    redis.close();
  }

  private void listen(Map<String, Object> parameters) {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        Workflow.named("from-pubsub")
            .node(
                "sub",
                NodeDefinition.of(RedisPubSubTrigger.type(), parameters),
                o -> o.credential("redis", "cache"))
            .node("collect", NodeDefinition.of(collected.type, Map.of()))
            .connect("sub", "collect")
            .build());
    triggers.start();
  }

  private long subscribers(String name) {
    List<?> answer = (List<?>) redis.sendCommand(Protocol.Command.PUBSUB, "NUMSUB", name);
    return (Long) answer.get(1);
  }

  @Test
  void each_message_starts_an_execution_and_a_repeated_message_id_none() throws Exception {
    listen(Map.of("channels", List.of(channel)));
    assertThat(subscribers(channel)).isEqualTo(1L);

    redis.publish(channel, "{\"order\": 1, \"messageId\": \"m1\"}");
    redis.publish(channel, "plain text");
    redis.publish(channel, "{\"order\": 1, \"messageId\": \"m1\"}");
    redis.publish(channel + ":other", "not for us");
    await(() -> collected.items.size() == 2, "two executions");
    Thread.sleep(300);
    assertThat(collected.items)
        .extracting(i -> i.json().get("message"))
        .containsExactlyInAnyOrder(Map.of("order", 1, "messageId", "m1"), "plain text");
    assertThat(collected.items)
        .allSatisfy(
            i ->
                assertThat(i.json())
                    .containsEntry("channel", channel)
                    .containsEntry("pattern", null));

    triggers.close();
    triggers = null;
    assertThat(subscribers(channel)).as("unsubscribed on close").isZero();
  }

  @Test
  void patterns_subscribe_with_psubscribe() throws Exception {
    listen(Map.of("channels", List.of(channel + ":*"), "pattern", true, "maxMessageBytes", 100));
    redis.publish(channel + ":eu", "{\"n\": 1}");
    redis.publish(channel + ":us", "x".repeat(200)); // over maxMessageBytes: dropped
    await(() -> collected.items.size() == 1, "one execution");
    Thread.sleep(300);
    assertThat(collected.items).hasSize(1);
    assertThat(collected.items.getFirst().json())
        .containsEntry("channel", channel + ":eu")
        .containsEntry("pattern", channel + ":*");
  }
}

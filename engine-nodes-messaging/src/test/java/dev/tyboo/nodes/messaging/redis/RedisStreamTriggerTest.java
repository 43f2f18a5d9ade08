package dev.tyboo.nodes.messaging.redis;

import static dev.tyboo.nodes.messaging.Collected.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
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
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/** The Redis Stream trigger on the real Redis, through {@link Triggers}. */
class RedisStreamTriggerTest {

  private final String stream = "tyboo:test:stream:" + UUID.randomUUID();
  private final RedisClient redis = RedisServer.client();
  private final Collected collected = new Collected();
  private final List<Item> seen = collected.items;
  private final NodeType collect = collected.type;
  private final InMemoryCredentialProvider credentials =
      CredentialProvider.inMemory().put("redis", "cache", RedisServer.credential());
  private final Engine engine =
      Engine.builder()
          .nodeType(RedisStreamTrigger.type())
          .nodeType(collect)
          .credentials(credentials)
          .build();
  private Triggers triggers;

  @AfterEach
  void close() {
    if (triggers != null) {
      triggers.close();
    }
    engine.close();
    redis.del(stream);
    redis.close();
  }

  private Workflow workflow(Map<String, Object> parameters) {
    return Workflow.named("from-redis")
        .node(
            "stream",
            NodeDefinition.of(RedisStreamTrigger.type(), parameters),
            o -> o.credential("redis", "cache"))
        .node("collect", NodeDefinition.of(collect, Map.of()))
        .connect("stream", "collect")
        .build();
  }

  private long pending(String group) {
    return redis.xpending(stream, group).getTotal();
  }

  @Test
  void each_entry_starts_an_execution_and_a_repeated_message_id_starts_none() throws Exception {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(workflow(Map.of("stream", stream)));
    triggers.start();

    redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("order", "1", "lines", "[1,2]"));
    redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("messageId", "m", "order", "2"));
    redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("messageId", "m", "order", "2-again"));
    await(() -> seen.size() == 2, "two executions ran");
    await(() -> pending("tyboo:from-redis") == 0, "all three were acknowledged");
    Thread.sleep(200);

    assertThat(seen).hasSize(2);
    Item first =
        seen.stream()
            .filter(i -> ((Map<?, ?>) i.json().get("fields")).get("order").equals("1"))
            .findFirst()
            .orElseThrow();
    assertThat(first.json().get("fields")).isEqualTo(Map.of("order", "1", "lines", List.of(1, 2)));
    assertThat(first.json()).containsEntry("stream", stream).containsEntry("claimed", false);
    assertThat(first.json().get("messageId")).isEqualTo(first.json().get("id"));
  }

  @Test
  void an_entry_another_consumer_read_and_never_acknowledged_is_claimed_and_started()
      throws Exception {
    redis.xgroupCreate(stream, "shared", StreamEntryID.XGROUP_LAST_ENTRY, true);
    redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("order", "lost"));
    // a consumer that dies after reading: the entry stays pending under its name
    redis.xreadGroup(
        "shared",
        "dead-consumer",
        XReadGroupParams.xReadGroupParams().count(1),
        Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    assertThat(pending("shared")).isEqualTo(1);

    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        workflow(Map.of("stream", stream, "group", "shared", "claimIdleAfter", "PT0.3S")));
    triggers.start();
    await(() -> seen.size() == 1, "the claimed entry ran");
    await(() -> pending("shared") == 0, "it was acknowledged");
    assertThat(seen.getFirst().json()).containsEntry("claimed", true);
  }

  @Test
  void two_listeners_in_one_group_share_the_entries_without_starting_any_twice() throws Exception {
    try (Engine other =
            Engine.builder()
                .nodeType(RedisStreamTrigger.type())
                .nodeType(collect)
                .credentials(credentials)
                .build();
        Triggers second = Triggers.builder(other).credentials(credentials).build()) {
      triggers = Triggers.builder(engine).credentials(credentials).build();
      triggers.register(workflow(Map.of("stream", stream, "batchSize", 2)));
      second.register(workflow(Map.of("stream", stream, "batchSize", 2)));
      triggers.start();
      second.start();
      for (int i = 0; i < 40; i++) {
        redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("n", String.valueOf(i)));
      }
      await(() -> seen.size() == 40, "every entry ran");
      Thread.sleep(200);
      assertThat(seen).hasSize(40);
      assertThat(seen.stream().map(i -> ((Map<?, ?>) i.json().get("fields")).get("n")).distinct())
          .hasSize(40);
    }
  }
}

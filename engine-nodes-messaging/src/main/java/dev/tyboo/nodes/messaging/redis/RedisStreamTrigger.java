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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Starts its workflow for every entry of a Redis stream (JSON type {@code redisStreamTrigger}),
 * through {@link dev.tyboo.nodes.trigger.Triggers}, as a member of a consumer group (made with the
 * stream if missing): every process listening with the same group shares the entries. An entry is
 * acknowledged ({@code XACK}) once the execution it starts is stored. An entry a consumer read but
 * never acknowledged (its process died) is claimed by another after {@code claimIdleAfter} ({@code
 * XAUTOCLAIM}) and started again with the same message id, which starts no second execution: the
 * entry's {@code messageId} field when it has one (the Redis node's {@code xadd} writes it), else
 * its stream id.
 *
 * <p>The trigger outputs one item per entry: {@code fields} (values that are JSON objects or arrays
 * parsed), {@code id}, {@code stream}, {@code messageId}, {@code deliveries}.
 */
public final class RedisStreamTrigger implements EventTrigger {

  /** The JSON type name. */
  public static final String TYPE = "redisStreamTrigger";

  private static final Logger LOG = LoggerFactory.getLogger(RedisStreamTrigger.class);

  /**
   * The trigger's parameters.
   *
   * @param stream the stream's key
   * @param group the consumer group; by default one per workflow ({@code tyboo:<workflow>})
   * @param batchSize how many entries one read takes at most
   * @param claimIdleAfter how long an entry read by a consumer stays unacknowledged before another
   *     consumer takes it over
   */
  record Parameters(
      @Param(required = true) String stream,
      @Param(description = "by default tyboo:<workflow name>") String group,
      @Param(defaultValue = "10") int batchSize,
      @Param(defaultValue = "PT30S") Duration claimIdleAfter) {}

  static final RedisStreamTrigger INSTANCE = new RedisStreamTrigger();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Redis Stream Trigger")
          .description("Starts the workflow for every entry of a Redis stream, in a consumer group")
          .inputs()
          .credentialType(RedisConnections.CREDENTIAL)
          .parameters(Parameters.class)
          .build();

  private RedisStreamTrigger() {}

  /** {@return the node type, for registries} */
  public static RedisStreamTrigger type() {
    return INSTANCE;
  }

  /**
   * {@return a trigger on a stream, with the workflow's own consumer group}
   *
   * @param stream the stream's key
   */
  public static NodeDefinition stream(String stream) {
    return NodeDefinition.of(INSTANCE, Map.of("stream", Objects.requireNonNull(stream, "stream")));
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public TriggerSubscription listen(TriggerSetup setup, TriggerHandOff handOff) {
    String stream = setup.string("stream");
    String group =
        setup.parameters().get("group") instanceof String g && !g.isEmpty()
            ? g
            : "tyboo:" + setup.workflowName();
    int batch = setup.integer("batchSize", 1, 10_000);
    Duration claimAfter = setup.duration("claimIdleAfter", Duration.ofMillis(1));
    // reads block for up to a second: the socket waits longer than that
    RedisClient redis =
        RedisConnections.open(setup.credential(RedisConnections.CREDENTIAL), 10_000);
    try {
      redis.xgroupCreate(stream, group, StreamEntryID.XGROUP_LAST_ENTRY, true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        redis.close();
        throw e;
      }
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    Reader reader =
        new Reader(
            setup, handOff, redis, stream, group, "tyboo-" + UUID.randomUUID(), batch, claimAfter);
    Thread thread =
        Thread.ofPlatform()
            .daemon()
            .name("tyboo-redis-stream-" + setup.workflowName())
            .start(reader);
    return () -> {
      reader.closed = true;
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      redis.close();
    };
  }

  /** Reads one consumer's entries until closed. */
  private static final class Reader implements Runnable {
    private final TriggerSetup setup;
    private final TriggerHandOff handOff;
    private final RedisClient redis;
    private final String stream;
    private final String group;
    private final String consumer;
    private final int batch;
    private final Duration claimAfter;
    volatile boolean closed;

    Reader(
        TriggerSetup setup,
        TriggerHandOff handOff,
        RedisClient redis,
        String stream,
        String group,
        String consumer,
        int batch,
        Duration claimAfter) {
      this.setup = setup;
      this.handOff = handOff;
      this.redis = redis;
      this.stream = stream;
      this.group = group;
      this.consumer = consumer;
      this.batch = batch;
      this.claimAfter = claimAfter;
    }

    @Override
    public void run() {
      long backoff = 100;
      while (!closed) {
        try {
          List<StreamEntry> entries = claimed();
          boolean claimed = !entries.isEmpty();
          if (!claimed) {
            entries = read();
          }
          for (StreamEntry entry : entries) {
            if (closed) {
              return; // the rest stay pending: claimed later by this group
            }
            deliver(entry, claimed);
          }
          backoff = 100;
        } catch (RuntimeException e) {
          if (closed) {
            return;
          }
          LOG.warn(
              "workflow '{}': reading stream '{}' failed; trying again in {} ms",
              setup.workflowName(),
              stream,
              backoff,
              e);
          sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
        }
      }
    }

    /** Entries other consumers (or this one) read and never acknowledged for too long. */
    private List<StreamEntry> claimed() {
      Map.Entry<StreamEntryID, List<StreamEntry>> r =
          redis.xautoclaim(
              stream,
              group,
              consumer,
              claimAfter.toMillis(),
              new StreamEntryID(0, 0),
              new XAutoClaimParams().count(batch));
      return r == null || r.getValue() == null ? List.of() : r.getValue();
    }

    private List<StreamEntry> read() {
      List<Map.Entry<String, List<StreamEntry>>> r =
          redis.xreadGroup(
              group,
              consumer,
              XReadGroupParams.xReadGroupParams().count(batch).block(1_000),
              Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
      if (r == null || r.isEmpty()) {
        return List.of();
      }
      return r.getFirst().getValue();
    }

    private void deliver(StreamEntry entry, boolean claimed) {
      Map<String, String> fields = entry.getFields() == null ? Map.of() : entry.getFields();
      String messageId =
          fields.get("messageId") != null ? fields.get("messageId") : entry.getID().toString();
      Map<String, Object> parsed = new LinkedHashMap<>();
      fields.forEach((k, v) -> parsed.put(k, value(v)));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("fields", parsed);
      json.put("id", entry.getID().toString());
      json.put("stream", stream);
      json.put("messageId", messageId);
      json.put("claimed", claimed);
      if (handOff.handOffUntilStored(messageId, List.of(Item.of(json)), () -> closed) == null) {
        return; // pending: claimed again later
      }
      redis.xack(stream, group, entry.getID());
    }

    private static Object value(String v) {
      String t = v.strip();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          return JSON.readValue(v, Object.class);
        } catch (IOException e) {
          return v;
        }
      }
      return v;
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

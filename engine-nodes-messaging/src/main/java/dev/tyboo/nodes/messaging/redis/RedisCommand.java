package dev.tyboo.nodes.messaging.redis;

import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.workflow.NodeDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * Runs one Redis command per item (JSON type {@code redis}) and puts its result in the item at
 * {@code destination}: strings ({@code get}, {@code set} with an optional {@code ttl}, {@code
 * delete}), counters ({@code incr} by {@code by}), hashes ({@code hget}, {@code hset}, {@code
 * hgetall}), lists ({@code lpush}, {@code rpush}, {@code lpop}, {@code rpop}, {@code lrange} from
 * {@code start} to {@code stop}), {@code publish} to the channel {@code key}, and {@code xadd} to
 * the stream {@code key} (the item's JSON, or {@code value}, as the entry's fields, with the node
 * call's idempotency key as {@code messageId}, which the Redis Stream trigger deduplicates by).
 *
 * <p>A value that is not text is written as JSON; {@code get}, {@code hget} and list reads give
 * text back as it is stored. A refused login fails without retry, a server that cannot be reached
 * retryably, a command Redis refuses (a wrong type) without retry with Redis's message.
 *
 * <pre>{@code
 * .node("count", RedisCommand.incr("visits:{{ $json.page }}"), o -> o.credential("redis", "cache"))
 * }</pre>
 */
public final class RedisCommand {

  /** The JSON type name. */
  public static final String TYPE = "redis";

  /** What the node does. */
  enum Operation {
    get,
    set,
    delete,
    incr,
    hget,
    hset,
    hgetall,
    lpush,
    rpush,
    lpop,
    rpop,
    lrange,
    publish,
    xadd
  }

  /**
   * The node's parameters.
   *
   * @param operation the command
   * @param key the key (the channel for {@code publish}, the stream for {@code xadd})
   * @param value the value to write (set, hset, pushes, publish, xadd); by default the item's JSON
   * @param field the hash field (hget, hset)
   * @param ttl how long a {@code set} key lives; none by default
   * @param by how much {@code incr} adds
   * @param start the first index of {@code lrange}
   * @param stop the last index of {@code lrange} (-1: the end)
   * @param destination the item field the result goes to
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String key,
      @Param(description = "the value to write; by default the item's JSON") Object value,
      @RequiredWhen(
              parameter = "operation",
              is = {"hget", "hset"})
          String field,
      Duration ttl,
      @Param(defaultValue = "1") long by,
      @Param(defaultValue = "0") long start,
      @Param(defaultValue = "-1") long stop,
      @Param(defaultValue = "result") String destination) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Redis")
              .description(
                  "Runs a Redis command per item: strings, counters, hashes, lists, publish,"
                      + " stream appends")
              .credentialType(RedisConnections.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          RedisCommand::execute);

  private RedisCommand() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that reads a key into {@code result}}
   *
   * @param key the key; may be an expression
   */
  public static NodeDefinition get(String key) {
    return of(Operation.get, key);
  }

  /**
   * {@return a node that adds one to a counter and puts the new count in {@code result}}
   *
   * @param key the key; may be an expression
   */
  public static NodeDefinition incr(String key) {
    return of(Operation.incr, key);
  }

  /**
   * {@return a node that appends each item's JSON to a stream, for a Redis Stream trigger}
   *
   * @param stream the stream's key
   */
  public static NodeDefinition appendToStream(String stream) {
    return of(Operation.xadd, stream);
  }

  private static NodeDefinition of(Operation operation, String key) {
    return NodeDefinition.of(
        INSTANCE, Map.of("operation", operation.name(), "key", Objects.requireNonNull(key)));
  }

  private static NodeResult execute(NodeContext ctx) {
    List<Item> input = ctx.input();
    if (input.isEmpty()) {
      return NodeResult.of(List.of());
    }
    Map<String, Object> credential = ctx.credential(RedisConnections.CREDENTIAL);
    List<Item> out = new ArrayList<>(input.size());
    int i = 0;
    try (RedisClient redis = RedisConnections.open(credential, 30_000)) {
      for (; i < input.size(); i++) {
        Parameters p = ctx.parameters(i, Parameters.class);
        Object result = run(redis, p, input.get(i), ctx.idempotencyKey() + "/" + i, i);
        Map<String, Object> json = new LinkedHashMap<>(input.get(i).json());
        json.put(p.destination(), result);
        out.add(input.get(i).withJson(json));
      }
    } catch (JedisAccessControlException e) {
      throw NodeFailure.of("Redis refused the credential's login: " + e.getMessage());
    } catch (JedisConnectionException e) {
      throw NodeFailure.retryable(i, "Redis cannot be reached: " + e.getMessage(), e);
    } catch (JedisDataException e) {
      throw NodeFailure.of(i, "Redis refused the command: " + e.getMessage());
    }
    return NodeResult.of(out);
  }

  private static Object run(RedisClient redis, Parameters p, Item item, String messageId, int i) {
    String key = p.key();
    return switch (p.operation()) {
      case get -> redis.get(key);
      case set -> {
        SetParams params = new SetParams();
        if (p.ttl() != null) {
          if (p.ttl().isZero() || p.ttl().isNegative()) {
            throw NodeFailure.badParameter("ttl", i, "must be positive", p.ttl());
          }
          params.px(p.ttl().toMillis());
        }
        yield redis.set(key, text(p.value(), item), params);
      }
      case delete -> redis.del(key);
      case incr -> redis.incrBy(key, p.by());
      case hget -> redis.hget(key, field(p, i));
      case hset -> redis.hset(key, field(p, i), text(p.value(), item));
      case hgetall -> new LinkedHashMap<>(redis.hgetAll(key));
      case lpush -> redis.lpush(key, text(p.value(), item));
      case rpush -> redis.rpush(key, text(p.value(), item));
      case lpop -> redis.lpop(key);
      case rpop -> redis.rpop(key);
      case lrange -> redis.lrange(key, p.start(), p.stop());
      case publish -> redis.publish(key, text(p.value(), item));
      case xadd -> {
        Map<String, String> fields = new LinkedHashMap<>();
        Object source = p.value() != null ? p.value() : item.json();
        if (source instanceof Map<?, ?> m) {
          m.forEach((k, v) -> fields.put(String.valueOf(k), text(v, item)));
        } else {
          fields.put("value", text(source, item));
        }
        fields.putIfAbsent("messageId", messageId);
        yield redis.xadd(key, StreamEntryID.NEW_ENTRY, fields).toString();
      }
    };
  }

  private static String field(Parameters p, int i) {
    if (p.field() == null || p.field().isEmpty()) {
      throw NodeFailure.missingParameter("field", i, "for operation " + p.operation());
    }
    return p.field();
  }

  private static String text(Object value, Item item) {
    Object v = value != null ? value : item.json();
    if (v instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(v);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an item value is not JSON", e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}

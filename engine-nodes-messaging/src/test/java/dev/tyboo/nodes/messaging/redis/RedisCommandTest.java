package dev.tyboo.nodes.messaging.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** The Redis node against the real Redis. */
class RedisCommandTest {

  private final String prefix = "tyboo:test:" + UUID.randomUUID() + ":";
  private final RedisClient redis = RedisServer.client();

  @AfterEach
  void clean() {
    for (String key : redis.keys(prefix + "*")) {
      redis.del(key);
    }
    redis.close();
  }

  private static Engine engine(Map<String, Object> credential) {
    return Engine.builder()
        .nodeType(RedisCommand.type())
        .credentials(CredentialProvider.inMemory().put("redis", "cache", credential))
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  private static Map<String, Object> op(String operation, String key, Object... more) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("operation", operation);
    p.put("key", key);
    for (int i = 0; i < more.length; i += 2) {
      p.put((String) more[i], more[i + 1]);
    }
    return p;
  }

  /** Runs the operations one after another, on one item, and returns each one's result. */
  private static Execution run(Engine engine, List<Map<String, Object>> operations, Item item) {
    var w = Workflow.named("redis");
    String previous = null;
    for (int i = 0; i < operations.size(); i++) {
      String id = "op" + i;
      w.node(
          id,
          NodeDefinition.of(RedisCommand.type(), operations.get(i)),
          o -> o.credential("redis", "cache"));
      if (previous != null) {
        w.connect(previous, id);
      }
      previous = id;
    }
    Execution e = engine.start(w.build(), List.of(item));
    e.await(Duration.ofSeconds(15));
    return e;
  }

  private static Object result(Execution e, int op) {
    return e.output("op" + op).getFirst().json().get("result");
  }

  @Test
  void strings_counters_hashes_and_lists_work_per_item() {
    try (Engine engine = engine(RedisServer.credential())) {
      Execution e =
          run(
              engine,
              List.of(
                  op("set", prefix + "greeting", "value", "hello {{ $json.name }}", "ttl", "PT1M"),
                  op("get", prefix + "greeting"),
                  op("incr", prefix + "visits", "by", 5),
                  op("incr", prefix + "visits"),
                  op("hset", prefix + "user", "field", "name", "value", "{{ $json.name }}"),
                  op("hgetall", prefix + "user"),
                  op("rpush", prefix + "queue", "value", "a"),
                  op("rpush", prefix + "queue"),
                  op("lrange", prefix + "queue"),
                  op("lpop", prefix + "queue"),
                  op("delete", prefix + "greeting"),
                  op("get", prefix + "greeting", "destination", "after")),
              Item.of(Map.of("name", "ada")));
      assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(result(e, 0)).isEqualTo("OK");
      assertThat(result(e, 1)).isEqualTo("hello ada");
      assertThat(result(e, 2)).isEqualTo(5L);
      assertThat(result(e, 3)).isEqualTo(6L);
      assertThat(result(e, 5)).isEqualTo(Map.of("name", "ada"));
      assertThat(result(e, 8)).isEqualTo(List.of("a", "{\"name\":\"ada\",\"result\":1}"));
      assertThat(result(e, 9)).isEqualTo("a");
      assertThat(result(e, 10)).isEqualTo(1L);
      Map<String, Object> last = e.output("op11").getFirst().json();
      assertThat(last).containsEntry("after", null).containsEntry("name", "ada");
      assertThat(redis.pttl(prefix + "visits")).as("no ttl unless asked").isEqualTo(-1);
    }
  }

  @Test
  void a_set_with_a_ttl_expires() throws Exception {
    try (Engine engine = engine(RedisServer.credential())) {
      Execution e =
          run(
              engine,
              List.of(op("set", prefix + "short", "value", "x", "ttl", "PT0.2S")),
              Item.of(Map.of()));
      assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(redis.pttl(prefix + "short")).isBetween(1L, 200L);
    }
  }

  @Test
  void xadd_appends_the_items_json_with_the_node_calls_message_id() {
    try (Engine engine = engine(RedisServer.credential())) {
      Execution e =
          run(
              engine,
              List.of(op("xadd", prefix + "stream")),
              Item.of(Map.of("order", 7, "lines", List.of(1, 2))));
      assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      var entries = redis.xrange(prefix + "stream", "-", "+");
      assertThat(entries).hasSize(1);
      assertThat(entries.getFirst().getFields())
          .containsEntry("order", "7")
          .containsEntry("lines", "[1,2]")
          .containsEntry("messageId", e.id().value() + "/op0/0/0");
      assertThat(result(e, 0)).isEqualTo(entries.getFirst().getID().toString());
    }
  }

  @Test
  void a_command_redis_refuses_fails_without_retry_with_its_message() {
    redis.hset(prefix + "hash", "f", "v");
    try (Engine engine = engine(RedisServer.credential())) {
      Execution e = run(engine, List.of(op("incr", prefix + "hash")), Item.of(Map.of()));
      assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(e.error().orElseThrow())
          .isInstanceOf(NonRetryableNodeException.class)
          .hasMessageContaining("WRONGTYPE");
    }
  }

  @Test
  void a_refused_login_is_not_retried_and_never_shows_the_password(@TempDir Path dir)
      throws Exception {
    try (RedisServer.WithPassword server = new RedisServer.WithPassword(dir)) {
      for (String password : List.of("s3cret-wrong", "right")) {
        try (Engine engine =
            engine(Map.of("host", "127.0.0.1", "port", server.port, "password", password))) {
          Execution e = run(engine, List.of(op("set", "k", "value", "v")), Item.of(Map.of()));
          if (password.equals("right")) {
            assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
          } else {
            assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(e.error().orElseThrow())
                .isInstanceOf(NonRetryableNodeException.class)
                .hasMessageContaining("refused the credential's login");
            assertThat(e.error().orElseThrow().getMessage()).doesNotContain("s3cret");
          }
        }
      }
    }
  }

  @Test
  void a_server_that_cannot_be_reached_fails_retryably() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (Engine engine = engine(Map.of("host", "127.0.0.1", "port", port))) {
      Execution e = run(engine, List.of(op("get", "k")), Item.of(Map.of()));
      assertThat(e.error().orElseThrow())
          .isInstanceOf(RetryableNodeException.class)
          .hasMessageContaining("cannot be reached");
    }
  }

  @Test
  void a_hash_operation_without_a_field_is_refused_before_the_run_naming_it() {
    try (Engine engine = engine(RedisServer.credential())) {
      assertThatThrownBy(() -> run(engine, List.of(op("hget", prefix + "h")), Item.of(Map.of())))
          .isInstanceOf(WorkflowValidationException.class)
          .hasMessageContaining("parameters.field");
      assertThatThrownBy(() -> run(engine, List.of(op("hgot", prefix + "h")), Item.of(Map.of())))
          .isInstanceOf(WorkflowValidationException.class)
          .hasMessageContaining("parameters.operation");
    }
  }
}

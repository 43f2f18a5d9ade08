package dev.tyboo.nodes.messaging.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.nodes.messaging.CrashSchema;
import dev.tyboo.nodes.messaging.TriggerProcessMain;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * At least once, started once, across a crash, on a Redis stream: an engine process stores the
 * execution an entry starts and dies before {@code XACK}; the next engine claims the entry once it
 * has been idle long enough, finds the execution already stored, runs it and acknowledges.
 */
class RedisStreamTriggerCrashTest {

  @Test
  void an_entry_whose_process_died_before_the_ack_runs_once_on_the_next_engine(@TempDir Path dir)
      throws Exception {
    String stream = "tyboo:crash:" + UUID.randomUUID();
    String group = "tyboo:" + TriggerProcessMain.WORKFLOW;
    try (CrashSchema db = new CrashSchema();
        RedisClient redis = RedisServer.client()) {
      try {
        redis.xgroupCreate(stream, group, StreamEntryID.XGROUP_LAST_ENTRY, true);
        redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("messageId", "reading-1", "t", "21"));

        Path log = dir.resolve("first.log");
        Process first =
            TriggerProcessMain.launch(
                log, db.url, CrashSchema.USER, "redis", stream, "first", "true");
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("first process ends").isTrue();
        assertThat(first.exitValue())
            .as("halted before the ack:\n%s", Files.readString(log))
            .isEqualTo(TriggerProcessMain.HALTED);
        ExecutionId expected = ExecutionId.forKey(TriggerProcessMain.WORKFLOW, "trigger/reading-1");
        assertThat(db.executions()).containsExactly(expected.value());
        assertThat(redis.xpending(stream, group).getTotal())
            .as("read, not acknowledged")
            .isEqualTo(1);

        InMemoryCredentialProvider credentials = TriggerProcessMain.credentials();
        try (Engine engine = TriggerProcessMain.engine(db.pool, "second", credentials);
            Triggers triggers = Triggers.builder(engine).credentials(credentials).build()) {
          triggers.register(TriggerProcessMain.workflow("redis", stream));
          triggers.start();
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while ((redis.xpending(stream, group).getTotal() > 0
                  || !"SUCCEEDED".equals(db.status(expected)))
              && System.nanoTime() < deadline) {
            Thread.sleep(100);
          }
          assertThat(redis.xpending(stream, group).getTotal()).as("acknowledged").isZero();
          assertThat(db.status(expected)).isEqualTo("SUCCEEDED");
        }
        assertThat(db.executions())
            .as("one entry, one execution")
            .containsExactly(expected.value());
      } finally {
        redis.del(stream);
      }
    }
  }
}

package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NodeOutputException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Outputs a durable engine cannot store the usual way: larger than the binary store takes, larger
 * than the engine keeps, holding a NUL (which PostgreSQL's jsonb refuses), longer than Jackson
 * reads by default. Each ends typed and visible, or round-trips: never an execution RUNNING for
 * ever.
 */
class PoisonOutputTest {

  private static final Duration AWAIT = Duration.ofSeconds(60);

  /** What the node returns next: its single item's {@code text}. */
  private final AtomicReference<String> next = new AtomicReference<>("");

  private final NodeType emit =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.emit").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          return NodeResult.of(Item.listOf(Map.of("text", next.get())));
        }
      };

  private Workflow workflow() {
    return Workflow.named("poison").node("emit", NodeDefinition.of(emit, Map.of())).build();
  }

  private Engine engine(Storage storage, DurableOptions.Builder options) {
    return Engine.builder()
        .storage(storage)
        .durableOptions(options.pollInterval(Duration.ofMillis(20)).build())
        .nodeType(emit)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void an_output_larger_than_the_database_binary_store_fails_the_node_and_can_be_resumed(
      Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect);
        Engine engine = engine(JdbcStorage.create(db.dataSource()), DurableOptions.builder())) {
      next.set("x".repeat(20 * 1024 * 1024)); // over the database binary store's 16 MiB
      Execution run = engine.start(workflow(), List.of(Item.empty()));

      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow())
          .hasMessageContaining(NodeOutputException.class.getSimpleName())
          .hasMessageContaining("binary store");
      assertThat(engine.executions().deadLetters(0, 10).items())
          .extracting(r -> r.id())
          .contains(run.id());

      next.set("fixed");
      Execution resumed = engine.executions().resumeFromFailure(run.id());
      assertThat(resumed.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(resumed.output("emit").getFirst().get("text")).isEqualTo("fixed");
    }
  }

  @Test
  void an_output_larger_than_the_engine_keeps_fails_the_node_naming_the_limit() {
    try (TestDatabase db = TestDatabase.create(Dialect.H2);
        Engine engine =
            engine(
                JdbcStorage.create(db.dataSource()),
                DurableOptions.builder().maxOutputBytes(1024 * 1024))) {
      next.set("y".repeat(2 * 1024 * 1024));
      Execution run = engine.start(workflow(), List.of(Item.empty()));
      assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow()).hasMessageContaining("maxOutputBytes");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_nul_character_round_trips_through_a_checkpoint(Dialect dialect) {
    String text = "before\u0000after \u0001 \uFFFF end";
    try (TestDatabase db = TestDatabase.create(dialect)) {
      ExecutionStatus status;
      dev.tyboo.execution.ExecutionId id;
      try (Engine engine = engine(JdbcStorage.create(db.dataSource()), DurableOptions.builder())) {
        next.set(text);
        Execution run = engine.start(workflow(), List.of(Item.of(Map.of("in", text))));
        status = run.await(AWAIT);
        id = run.id();
      }
      assertThat(status).isEqualTo(ExecutionStatus.SUCCEEDED);
      // read back by another engine, from the checkpoint
      try (Engine reader = engine(JdbcStorage.create(db.dataSource()), DurableOptions.builder())) {
        Execution stored = reader.executions().find(id).orElseThrow();
        assertThat(stored.output("emit").getFirst().get("text")).isEqualTo(text);
      }
    }
  }

  @Test
  void a_string_longer_than_jackson_reads_by_default_is_read_back(@TempDir Path dir) {
    String text = "z".repeat(25_000_000); // Jackson's default limit is 20,000,000 characters
    try (TestDatabase db = TestDatabase.create(Dialect.H2)) {
      Storage storage =
          JdbcStorage.builder(db.dataSource()).binaryStore(BinaryStore.files(dir)).build();
      dev.tyboo.execution.ExecutionId id;
      try (Engine engine = engine(storage, DurableOptions.builder())) {
        next.set(text);
        Execution run = engine.start(workflow(), List.of(Item.empty()));
        assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
        id = run.id();
      }
      try (Engine reader = engine(storage, DurableOptions.builder())) {
        assertThat(
                (String)
                    reader
                        .executions()
                        .find(id)
                        .orElseThrow()
                        .output("emit")
                        .getFirst()
                        .get("text"))
            .hasSize(text.length());
      }
    }
  }
}

package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.StartOptions;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine on each database: executions that run through, and one that waits for a resume across
 * an engine restart.
 */
class EndToEndTest {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void runs_executions_and_resumes_a_wait_across_an_engine_restart(Dialect dialect)
      throws Exception {
    try (TestDatabase db = TestDatabase.withEffects(dialect)) {
      NodeType effect = Effects.type(db.dataSource(), "e2e", 0);
      Workflow chain = Effects.chain(effect, 3);
      Workflow approval =
          Workflow.named("approval")
              .node("before", NodeDefinition.of(effect, Map.of()))
              .node("approve", Wait.forResume())
              .node("after", NodeDefinition.of(effect, Map.of()))
              .connect("before", "approve")
              .connect("approve", "after")
              .build();

      Engine first = engine(db, effect);
      List<Execution> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        runs.add(first.start(chain, List.of(Item.empty())));
      }
      Execution waiting = first.start(approval, List.of(Item.empty()));
      for (Execution run : runs) {
        assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
      long deadline = System.nanoTime() + AWAIT.toNanos();
      while (first.executions().find(waiting.id()).orElseThrow().status()
          != ExecutionStatus.WAITING) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(10);
      }
      String token =
          first.executions().find(waiting.id()).orElseThrow().resumeTokens().get("approve");
      first.shutdown(Duration.ofSeconds(2));

      Engine second = engine(db, effect);
      try {
        second.resume(token, List.of(Item.of(Map.of("approved", true))));
        Execution resumed = second.executions().find(waiting.id()).orElseThrow();
        assertThat(resumed.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(resumed.nodeRuns()).containsKeys("before", "approve", "after");
      } finally {
        second.shutdown(Duration.ofSeconds(2));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void tags_subjects_with_the_start_and_erases_them_on_the_database(Dialect dialect) {
    try (TestDatabase db = TestDatabase.withEffects(dialect)) {
      NodeType effect = Effects.type(db.dataSource(), "gdpr", 0);
      Workflow chain = Effects.chain(effect, 2);
      Engine engine = engine(db, effect);
      try {
        Execution ana =
            engine.start(chain, List.of(Item.empty()), StartOptions.subjects("customer-ana"));
        Execution bob =
            engine.start(chain, List.of(Item.empty()), StartOptions.subjects("customer-bob"));
        assertThat(ana.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(bob.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(db.query("SELECT COUNT(*) FROM tyboo_subject")).isEqualTo(2);

        assertThat(engine.subjects().erase("customer-ana").executions()).isEqualTo(1);

        assertThat(engine.executions().find(ana.id())).isEmpty();
        assertThat(engine.executions().find(bob.id())).isPresent();
        assertThat(
                db.query(
                    "SELECT COUNT(*) FROM tyboo_node_run WHERE execution_id = '"
                        + ana.id().value()
                        + "'"))
            .isZero();
        assertThat(db.query("SELECT COUNT(*) FROM tyboo_subject")).isEqualTo(1);
      } finally {
        engine.shutdown(Duration.ofSeconds(2));
      }
    }
  }

  private static Engine engine(TestDatabase db, NodeType effect) {
    return Engine.builder()
        .storage(JdbcStorage.create(db.dataSource()))
        .durableOptions(
            DurableOptions.builder()
                .workerId("e2e")
                .leaseTime(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .build())
        .nodeType(effect)
        .build();
  }
}

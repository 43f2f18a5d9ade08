package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One execution's row locked by another connection ({@code SELECT ... FOR UPDATE} held) when a
 * worker comes to claim it must not stop the worker: the engine's statements time out, its claims
 * of that execution end, and the other executions flow; once the lock goes, the locked execution
 * finishes too. Without statement timeouts the claim's first update waited for ever, the worker
 * claimed the execution again each lease period, and with every slot so blocked nothing else ran.
 */
class LockedRowTest {

  private static final NodeType PASS =
      new NodeType() {
        private final NodeDescriptor descriptor = NodeDescriptor.builder("test.pass").build();

        @Override
        public NodeDescriptor descriptor() {
          return descriptor;
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
          return NodeResult.of(ctx.input());
        }
      };

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_locked_execution_row_does_not_stop_the_other_executions(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      Workflow pausing =
          Workflow.named("pausing")
              .node("pause", Wait.forDuration(Duration.ofSeconds(2)))
              .node("after", NodeDefinition.of(PASS, Map.of()))
              .connect("pause", "after")
              .build();
      Workflow plain =
          Workflow.named("plain").node("only", NodeDefinition.of(PASS, Map.of())).build();
      try (Engine engine =
          Engine.builder()
              .storage(
                  JdbcStorage.builder(db.dataSource())
                      .statementTimeout(Duration.ofSeconds(1))
                      .retryFor(Duration.ofSeconds(1))
                      .build())
              .durableOptions(
                  DurableOptions.builder()
                      .maxActiveExecutions(2)
                      .leaseTime(Duration.ofSeconds(2))
                      .pollInterval(Duration.ofMillis(20))
                      .maxDeliveries(1_000)
                      .build())
              .nodeType(PASS)
              .build()) {
        Execution locked = engine.start(pausing, List.of(Item.empty()));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (engine.find(locked.id()).orElseThrow().status() != ExecutionStatus.WAITING) {
          assertThat(System.nanoTime()).as("the execution waits").isLessThan(deadline);
          Thread.sleep(10);
        }

        try (Connection holder = db.dataSource().getConnection()) {
          holder.setAutoCommit(false);
          try (PreparedStatement ps =
              holder.prepareStatement("SELECT id FROM tyboo_execution WHERE id = ? FOR UPDATE")) {
            ps.setString(1, locked.id().value());
            try (ResultSet rs = ps.executeQuery()) {
              assertThat(rs.next()).isTrue();
            }
          }
          // the wait ends and the worker claims it; then two lease periods pass, in which the
          // worker claims it again
          Thread.sleep(7_000);

          List<Execution> others = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            others.add(engine.start(plain, List.of(Item.of(Map.of("n", i)))));
          }
          for (Execution other : others) {
            assertThat(other.await(Duration.ofSeconds(30)))
                .as("executions flow while one row is locked")
                .isEqualTo(ExecutionStatus.SUCCEEDED);
          }
          holder.rollback();
        }
        assertThat(locked.await(Duration.ofSeconds(60))).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
    }
  }
}

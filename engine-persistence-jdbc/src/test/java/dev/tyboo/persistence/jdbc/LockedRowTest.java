package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineHealth;
import dev.tyboo.engine.HealthStatus;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.flow.Wait;
import dev.tyboo.testing.Eventually;
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

  private static final Workflow PLAIN =
      Workflow.named("plain").node("only", NodeDefinition.of(PASS, Map.of())).build();

  /** {@return a workflow that waits, then runs one node} */
  private static Workflow pausing(Duration pause) {
    return Workflow.named("pausing")
        .node("pause", Wait.forDuration(pause))
        .node("after", NodeDefinition.of(PASS, Map.of()))
        .connect("pause", "after")
        .build();
  }

  /** Starts an execution of {@link #pausing} and returns once it waits. */
  private static Execution startWaiting(Engine engine, Duration pause) throws InterruptedException {
    Execution locked = engine.start(pausing(pause), List.of(Item.empty()));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (engine.executions().find(locked.id()).orElseThrow().status()
        != ExecutionStatus.WAITING) {
      assertThat(System.nanoTime()).as("the execution waits").isLessThan(deadline);
      Thread.sleep(10);
    }
    return locked;
  }

  /** Locks the execution's row on the holder's connection until it rolls back. */
  private static void lockRow(Connection holder, Execution locked) throws Exception {
    holder.setAutoCommit(false);
    try (PreparedStatement ps =
        holder.prepareStatement("SELECT id FROM tyboo_execution WHERE id = ? FOR UPDATE")) {
      ps.setString(1, locked.id().value());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  /** Starts 20 executions of {@link #PLAIN} and checks that they all succeed in time. */
  private static void othersFlow(Engine engine, Duration within) {
    List<Execution> others = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      others.add(engine.start(PLAIN, List.of(Item.of(Map.of("n", i)))));
    }
    for (Execution other : others) {
      assertThat(other.await(within))
          .as("executions flow while one row is locked")
          .isEqualTo(ExecutionStatus.SUCCEEDED);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void a_locked_execution_row_does_not_stop_the_other_executions(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect)) {
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
        Execution locked = startWaiting(engine, Duration.ofSeconds(2));
        try (Connection holder = db.dataSource().getConnection()) {
          lockRow(holder, locked);
          // the wait ends and the worker claims it; then two lease periods pass, in which the
          // worker claims it again
          Thread.sleep(7_000);

          othersFlow(engine, Duration.ofSeconds(30));
          holder.rollback();
        }
        assertThat(locked.await(Duration.ofSeconds(60))).isEqualTo(ExecutionStatus.SUCCEEDED);
      }
    }
  }

  /**
   * A claim blocked on the locked row holds one slot, however often its lease runs out: the worker
   * never claims an execution it is still working on, so with two slots the other executions flow
   * long before the statement timeout, and health names the blocked slot.
   */
  @ParameterizedTest
  @EnumSource(
      value = Dialect.class,
      names = {"POSTGRESQL", "MARIADB"})
  void a_blocked_claim_is_not_claimed_again_while_it_waits(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      try (Engine engine =
          Engine.builder()
              .storage(
                  JdbcStorage.builder(db.dataSource())
                      .statementTimeout(Duration.ofSeconds(40))
                      .build())
              .durableOptions(
                  DurableOptions.builder()
                      .maxActiveExecutions(2)
                      .leaseTime(Duration.ofMillis(600))
                      .pollInterval(Duration.ofMillis(20))
                      .build())
              .nodeType(PASS)
              .build()) {
        Execution locked = startWaiting(engine, Duration.ofSeconds(1));
        try (Connection holder = db.dataSource().getConnection()) {
          lockRow(holder, locked);
          // the wait ends, the worker claims it and blocks on the row; its lease runs out again
          // and again while the statement waits
          Eventually.await(
              Duration.ofSeconds(20),
              () -> engine.health().blockedSlots() > 0,
              "health sees the blocked slot");
          Thread.sleep(3_000);
          EngineHealth health = engine.health();
          assertThat(health.blockedSlots()).isEqualTo(1);
          assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
          assertThat(health.reasons())
              .anySatisfy(r -> assertThat(r).contains("1 of 2 worker slot(s)"));

          othersFlow(engine, Duration.ofSeconds(15)); // the free slot, while the statement waits
          holder.rollback();
        }
        assertThat(locked.await(Duration.ofSeconds(30))).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(engine.health().blockedSlots()).isZero();
      }
    }
  }
}

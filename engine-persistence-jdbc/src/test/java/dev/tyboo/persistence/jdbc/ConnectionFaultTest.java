package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tyboo.engine.DurableOptions;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.StorageUnavailableException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.workflow.Workflow;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database connection is cut mid-run (every socket closed, new ones refused for a second): the
 * engine retries, re-claims what it had to let go, and loses nothing.
 */
class ConnectionFaultTest {

  @Test
  void recovers_from_cut_connections_without_losing_an_execution() throws Exception {
    try (TestDatabase db = TestDatabase.withEffects(Dialect.POSTGRESQL)) {
      URI direct = URI.create(db.url.substring("jdbc:".length()));
      try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort());
          HikariDataSource viaProxy =
              TestDatabase.pool(
                  db.url.replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/"),
                  db.user,
                  "",
                  8)) {
        NodeType effect = Effects.type(db.dataSource(), "faulty", 5); // effects bypass the proxy
        Engine engine =
            Engine.builder()
                .storage(JdbcStorage.create(viaProxy))
                .durableOptions(
                    DurableOptions.builder()
                        .workerId("faulty")
                        .leaseTime(Duration.ofSeconds(2))
                        .pollInterval(Duration.ofMillis(100))
                        .build())
                .nodeType(effect)
                .build();
        try {
          Workflow chain = Effects.chain(effect, 5);
          List<Execution> runs = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            runs.add(engine.start(chain, List.of(Item.empty())));
          }
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (effects(db) < 100) {
            assertThat(System.nanoTime()).as("100 nodes ran before the cut").isLessThan(deadline);
            Thread.sleep(5);
          }
          proxy.refuse(true);
          proxy.cutAll();
          Thread.sleep(1_000);
          proxy.refuse(false);

          for (Execution run : runs) {
            assertThat(run.await(Duration.ofSeconds(60)))
                .as("execution %s", run.id())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
          }
          assertThat(proxy.cutCount()).as("connections were cut mid-run").isPositive();
          assertThat(distinctEffects(db)).as("every node of every execution ran").isEqualTo(500);
        } finally {
          engine.shutdown(Duration.ofSeconds(2));
        }
      }
    }
  }

  @Test
  void a_database_that_stays_away_gives_a_storage_unavailable_error_after_the_retry_budget()
      throws Exception {
    try (TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL)) {
      Migrations.apply(db.dataSource());
      URI direct = URI.create(db.url.substring("jdbc:".length()));
      try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort());
          HikariDataSource viaProxy =
              TestDatabase.pool(
                  db.url.replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/"),
                  db.user,
                  "",
                  2)) {
        viaProxy.setConnectionTimeout(300);
        Storage storage = JdbcStorage.builder(viaProxy).retryFor(Duration.ofMillis(800)).build();
        proxy.refuse(true);
        proxy.cutAll();

        assertThatThrownBy(() -> storage.executions().find(ExecutionId.of("any")))
            .isInstanceOf(StorageUnavailableException.class)
            .hasMessageContaining("reading execution any")
            .hasMessageContaining("attempts");

        proxy.refuse(false);
        assertThat(storage.executions().find(ExecutionId.of("any"))).isEmpty();
      }
    }
  }

  private static int effects(TestDatabase db) throws Exception {
    return count(db, "SELECT COUNT(*) FROM tyboo_test_effect");
  }

  private static int distinctEffects(TestDatabase db) throws Exception {
    return count(
        db,
        "SELECT COUNT(*) FROM (SELECT DISTINCT execution_id, node_id FROM tyboo_test_effect) x");
  }

  private static int count(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}

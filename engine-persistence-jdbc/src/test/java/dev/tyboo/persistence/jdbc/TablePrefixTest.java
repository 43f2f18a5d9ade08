package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A host's database, shared: engines with different table prefixes, or in another schema, keep
 * their work apart, on a real PostgreSQL.
 */
class TablePrefixTest {

  private static final NodeType STAMP =
      NodeType.of(
          NodeDescriptor.builder("test.stamp").build(),
          ctx -> NodeResult.mapItems(ctx, (item, i) -> item.with("stamped", true)));

  private static Workflow workflow(String name) {
    return Workflow.named(name).node("stamp", NodeDefinition.of(STAMP, Map.of())).build();
  }

  private static void run(Storage storage, String name, int times) {
    try (Engine engine = Engine.builder().storage(storage).nodeType(STAMP).build()) {
      for (int i = 0; i < times; i++) {
        assertThat(engine.run(workflow(name), List.of(Item.empty())).status())
            .isEqualTo(ExecutionStatus.SUCCEEDED);
      }
    }
  }

  @Test
  void engines_with_two_prefixes_share_a_database_without_seeing_each_others_work() {
    try (TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL)) {
      Storage alpha = JdbcStorage.builder(db.dataSource()).tablePrefix("alpha").build();
      Storage beta = JdbcStorage.builder(db.dataSource()).tablePrefix("beta").build();

      run(alpha, "orders", 3);
      run(beta, "invoices", 2);

      assertThat(db.query("SELECT count(*) FROM alpha_execution")).isEqualTo(3);
      assertThat(db.query("SELECT count(*) FROM beta_execution")).isEqualTo(2);
      assertThat(db.query("SELECT count(*) FROM alpha_execution WHERE workflow_name = 'invoices'"))
          .isZero();
      assertThat(
              db.query("SELECT count(*) FROM alpha_work")
                  + db.query("SELECT count(*) FROM beta_work"))
          .as("every work item done and released")
          .isZero();
      assertThat(
              db.query(
                  "SELECT count(*) FROM information_schema.tables"
                      + " WHERE table_schema = current_schema() AND table_name LIKE 'tyboo%'"))
          .as("no table under the default prefix")
          .isZero();
    }
  }

  @Test
  void an_engine_in_its_own_schema_puts_back_the_schema_of_the_connections_it_borrowed()
      throws Exception {
    try (TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL)) {
      String own = "tyboo_own_" + Long.toHexString(System.nanoTime());
      db.execute("CREATE SCHEMA " + own);
      try {
        Storage storage = JdbcStorage.builder(db.dataSource()).schema(own).build();
        run(storage, "orders", 2);

        assertThat(db.query("SELECT count(*) FROM " + own + ".tyboo_execution")).isEqualTo(2);
        assertThat(
                db.query(
                    "SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() AND table_name LIKE 'tyboo%'"))
            .as("nothing in the pool's own schema")
            .isZero();
        try (Connection c = db.dataSource().getConnection()) {
          assertThat(c.getSchema())
              .as("the pool's connections keep their schema")
              .isNotEqualTo(own);
        }
      } finally {
        db.execute("DROP SCHEMA " + own + " CASCADE");
      }
    }
  }

  @Test
  void a_malformed_prefix_is_refused_when_it_is_set() {
    try (TestDatabase db = TestDatabase.create(Dialect.H2)) {
      assertThatThrownBy(() -> JdbcStorage.builder(db.dataSource()).tablePrefix("Bad-Prefix"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("table prefix 'Bad-Prefix' must be a lower-case letter");
    }
  }

  @Test
  void a_prefix_works_on_h2_too() {
    try (TestDatabase db = TestDatabase.create(Dialect.H2)) {
      run(JdbcStorage.builder(db.dataSource()).tablePrefix("acme").build(), "orders", 2);

      assertThat(db.query("SELECT count(*) FROM acme_execution")).isEqualTo(2);
    }
  }
}

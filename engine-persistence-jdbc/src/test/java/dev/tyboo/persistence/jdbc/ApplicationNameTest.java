package dev.tyboo.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Operators can tell the engine's PostgreSQL sessions from others by their application name. */
class ApplicationNameTest {

  @Test
  void the_engines_connections_carry_its_application_name_on_postgresql() throws Exception {
    String name = "tyboo-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestDatabase db = TestDatabase.withEffects(Dialect.POSTGRESQL)) {
      NodeType effect = Effects.type(db.dataSource(), "named", 0);
      try (Engine engine =
          Engine.builder()
              .storage(JdbcStorage.builder(db.dataSource()).applicationName(name).build())
              .nodeType(effect)
              .build()) {
        assertThat(engine.run(Effects.chain(effect, 2), List.of(Item.empty())).status())
            .isEqualTo(ExecutionStatus.SUCCEEDED);
        try (Connection observer =
                DriverManager.getConnection(
                    TestDatabase.POSTGRES_URL, TestDatabase.POSTGRES_USER, "");
            PreparedStatement ps =
                observer.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
          ps.setString(1, name);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("sessions named " + name).isPositive();
          }
        }
      }
    }
  }

  @Test
  void a_driver_without_client_info_is_left_alone() {
    try (TestDatabase db = TestDatabase.withEffects(Dialect.H2)) {
      NodeType effect = Effects.type(db.dataSource(), "h2named", 0);
      try (Engine engine =
          Engine.builder()
              .storage(JdbcStorage.builder(db.dataSource()).build())
              .nodeType(effect)
              .build()) {
        assertThat(engine.run(Effects.chain(effect, 2), List.of(Item.empty())).status())
            .isEqualTo(ExecutionStatus.SUCCEEDED);
      }
    }
  }
}

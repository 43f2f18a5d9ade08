package dev.tyboo.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.schedule.ScheduleLedger;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A Spring Boot application context gets a working engine: durable on its DataSource. */
class TybooAutoConfigurationTest {

  private static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault("TYBOO_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String POSTGRES_USER =
      System.getenv().getOrDefault("TYBOO_TEST_POSTGRES_USER", "postgres");

  /** The application's own node type, as a bean. */
  @Configuration(proxyBeanMethods = false)
  static class Application {
    @Bean
    NodeType greet() {
      return NodeType.of(
          NodeDescriptor.builder("app.greet").build(),
          ctx -> NodeResult.mapItems(ctx, (item, i) -> item.with("greeting", "hello")));
    }
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, TybooAutoConfiguration.class))
          .withUserConfiguration(Application.class);

  private static Execution runGreeting(Engine engine, NodeType greet) {
    return engine.run(
        Workflow.named("greeting").node("greet", NodeDefinition.of(greet, Map.of())).build(),
        List.of(Item.of(Map.of("name", "ada"))));
  }

  @Test
  void a_context_with_a_data_source_gets_a_durable_engine_that_runs_a_workflow_on_h2() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:boot" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .run(
            context -> {
              Engine engine = context.getBean(Engine.class);
              assertThat(engine.isDurable()).isTrue();

              Execution run = runGreeting(engine, context.getBean(NodeType.class));

              assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
              assertThat(run.output("greet").getFirst().get("greeting")).isEqualTo("hello");
              Health health = context.getBean(EngineHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              // the storage and its schedule ledger are the application's too, for a Scheduler
              ScheduleLedger ledger = context.getBean(ScheduleLedger.class);
              assertThat(ledger.claim("nightly", at(1), () -> {})).isTrue();
              assertThat(ledger.claim("nightly", at(1), () -> {})).as("claimed once").isFalse();
              assertThat(ledger.lastFire("nightly")).contains(at(1));
            });
  }

  private static Instant at(long second) {
    return Instant.ofEpochSecond(1_800_000_000L + second);
  }

  @Test
  void with_durable_false_the_engine_stays_in_memory_beside_a_data_source() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:boot" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "tyboo.durable=false")
        .run(
            context -> {
              assertThat(context.getBean(Engine.class).isDurable()).isFalse();
              assertThat(context.getBeansOfType(Storage.class)).isEmpty();
              assertThat(context.getBeansOfType(ScheduleLedger.class)).isEmpty();
            });
  }

  @Test
  void on_postgresql_the_engine_keeps_its_executions_in_the_applications_database()
      throws Exception {
    String schema = "boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection admin = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    try {
      runner
          .withPropertyValues(
              "spring.datasource.url=" + POSTGRES_URL + "?currentSchema=" + schema,
              "spring.datasource.username=" + POSTGRES_USER,
              "tyboo.table-prefix=app",
              "tyboo.shutdown-grace=2s")
          .run(
              context -> {
                Engine engine = context.getBean(Engine.class);
                Execution run = runGreeting(engine, context.getBean(NodeType.class));
                assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
              });
      try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM " + schema + ".app_execution WHERE status = 'SUCCEEDED'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("executions kept in the application's database").isEqualTo(1);
      }
    } finally {
      try (Connection admin = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
          Statement s = admin.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void without_a_data_source_the_engine_runs_in_memory_and_the_context_closes_it() {
    ApplicationContextRunner plain =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TybooAutoConfiguration.class))
            .withUserConfiguration(Application.class);
    Engine[] seen = new Engine[1];
    plain.run(
        context -> {
          seen[0] = context.getBean(Engine.class);
          assertThat(seen[0].isDurable()).isFalse();
          assertThat(runGreeting(seen[0], context.getBean(NodeType.class)).status())
              .isEqualTo(ExecutionStatus.SUCCEEDED);
        });
    assertThat(seen[0].isShutdown()).as("shut down with the context").isTrue();
  }

  @Test
  void an_engine_the_application_defines_wins() {
    runner
        .withBean(Engine.class, () -> Engine.builder().build())
        .run(context -> assertThat(context.getBeansOfType(Engine.class)).hasSize(1));
  }
}

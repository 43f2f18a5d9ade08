package dev.tyboo.nodes.sql;

import dev.tyboo.node.NodeType;
import java.util.Map;

/** The Postgres node on the real PostgreSQL ({@code TYBOO_TEST_POSTGRES_HOST}, user postgres). */
class PostgresNodeTest extends SqlNodeContract {

  private static final String HOST =
      System.getenv().getOrDefault("TYBOO_TEST_POSTGRES_HOST", "127.0.0.1");

  @Override
  NodeType type() {
    return Postgres.type();
  }

  @Override
  Map<String, Object> credential() {
    return Map.of(
        "host", HOST, "port", 5432, "database", "test", "user", "postgres", "password", "");
  }

  @Override
  Map<String, Object> refusedCredential() {
    return Map.of(
        "host", HOST, "database", "test", "user", "tyboo_no_such_role", "password", "s3cret");
  }

  @Override
  String[] admin() {
    return new String[] {"jdbc:postgresql://" + HOST + ":5432/test", "postgres", ""};
  }

  @Override
  String jsonColumn() {
    return "JSONB";
  }

  @Override
  boolean jsonColumnReadsAsJson() {
    return true;
  }

  @org.junit.jupiter.api.Test
  void the_dsl_builds_the_same_nodes_as_json() {
    try (dev.tyboo.engine.Engine engine =
        dev.tyboo.engine.Engine.builder()
            .nodeType(Postgres.type())
            .credentials(
                dev.tyboo.spi.credential.CredentialProvider.inMemory()
                    .put("postgres", "db", credential()))
            .build()) {
      dev.tyboo.workflow.Workflow w =
          dev.tyboo.workflow.Workflow.named("dsl")
              .node("save", Postgres.upsert(table, "id"), o -> o.credential("postgres", "db"))
              .node("again", Postgres.insert(table + "_none"), o -> o.credential("postgres", "db"))
              .node(
                  "read",
                  Postgres.query("SELECT name FROM " + table + " WHERE id = ?", "{{ $json.id }}"),
                  o -> o.credential("postgres", "db"))
              .connect("save", "read")
              .build();
      org.assertj.core.api.Assertions.assertThat(
              engine.readWorkflow(dev.tyboo.workflow.WorkflowJson.write(w)))
          .isEqualTo(w);
      w =
          dev.tyboo.workflow.Workflow.named("dsl")
              .node("save", Postgres.upsert(table, "id"), o -> o.credential("postgres", "db"))
              .node(
                  "read",
                  Postgres.query("SELECT name FROM " + table + " WHERE id = ?", "{{ $json.id }}"),
                  o -> o.credential("postgres", "db"))
              .connect("save", "read")
              .build();
      dev.tyboo.execution.Execution run =
          engine.run(
              w, java.util.List.of(dev.tyboo.node.Item.of(Map.of("id", 7, "name", "seven"))));
      org.assertj.core.api.Assertions.assertThat(run.output("read"))
          .extracting(dev.tyboo.node.Item::json)
          .containsExactly(Map.of("name", "seven"));
    }
  }
}

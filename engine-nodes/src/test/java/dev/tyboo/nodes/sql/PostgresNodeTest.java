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
}

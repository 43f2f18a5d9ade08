package dev.tyboo.nodes.sql;

import dev.tyboo.node.NodeType;
import java.util.Map;

/** The MySQL node on the real MariaDB ({@code TYBOO_TEST_MARIADB_HOST}, user root). */
class MySqlNodeTest extends SqlNodeContract {

  private static final String HOST =
      System.getenv().getOrDefault("TYBOO_TEST_MARIADB_HOST", "127.0.0.1");

  @Override
  NodeType type() {
    return MySql.type();
  }

  @Override
  Map<String, Object> credential() {
    return Map.of("host", HOST, "port", 3306, "database", "test", "user", "root", "password", "");
  }

  @Override
  Map<String, Object> refusedCredential() {
    return Map.of("host", HOST, "database", "test", "user", "root", "password", "s3cret-wrong");
  }

  @Override
  String[] admin() {
    return new String[] {"jdbc:mariadb://" + HOST + ":3306/test", "root", ""};
  }

  @Override
  String jsonColumn() {
    return "JSON";
  }

  @Override
  boolean jsonColumnReadsAsJson() {
    return false;
  }
}
